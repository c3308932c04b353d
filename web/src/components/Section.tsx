import type { ReactNode } from 'react';

/** A titled card; `id` makes it addressable (and gives tests a stable handle). */
export function Section({
  title,
  id,
  actions,
  children,
}: {
  title: string;
  id: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <header className="card-header">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions && <div className="card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
