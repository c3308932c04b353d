/**
 * The latest URL state the waterfall asked for, ahead of the props that carry it.
 *
 * Router updates are transitions: another update (a scroll, a resize) can re-render with the URL
 * from before our last change. Adopting every render's props would then undo that change for the
 * next key press (ArrowDown would move from the old row). Props are adopted only when they differ
 * from the last props seen, i.e. when the URL really moved (our change landing, or Back/Forward).
 */
export class PendingState<T> {
  #latest: T;
  #seenKey: string;

  constructor(initial: T) {
    this.#latest = initial;
    this.#seenKey = JSON.stringify(initial);
  }

  /** Called with each render's props; returns the state to build on. */
  rendered(props: T): T {
    const key = JSON.stringify(props);
    if (key !== this.#seenKey) {
      this.#seenKey = key;
      this.#latest = props;
    }
    return this.#latest;
  }

  /** Records a change sent to the URL, before it comes back as props. */
  change(patch: Partial<T>): T {
    this.#latest = { ...this.#latest, ...patch };
    return this.#latest;
  }

  get latest(): T {
    return this.#latest;
  }
}
