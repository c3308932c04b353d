import type { MetricGroup, MetricRequest, MetricSource, SampleRequest } from './metric-source.ts';

/**
 * One MetricSource over several links: each request goes to its link's source (together with the
 * other requests of that link, so a source still shares work across its rules), and the answers
 * come back in request order. A request whose link has no source (a link no longer served) has no
 * data.
 */
export function linkRoutedMetricSource(
  sourceOf: (link: string | undefined) => MetricSource | undefined,
): MetricSource {
  async function routed<R extends MetricRequest, A>(
    requests: readonly R[],
    ask: (source: MetricSource, subset: R[]) => Promise<A[]>,
    none: () => A,
  ): Promise<A[]> {
    // Grouped by source, so the default link named and unnamed is asked once.
    const bySource = new Map<MetricSource, number[]>();
    requests.forEach((request, i) => {
      const source = sourceOf(request.link);
      if (source) bySource.set(source, [...(bySource.get(source) ?? []), i]);
    });
    const answers: A[] = requests.map(none);
    for (const [source, indexes] of bySource) {
      const subset = await ask(
        source,
        indexes.map((i) => requests[i]!),
      );
      indexes.forEach((requestIndex, j) => {
        answers[requestIndex] = subset[j] ?? none();
      });
    }
    return answers;
  }
  return {
    measure: (requests, atMs) =>
      routed<MetricRequest, MetricGroup[]>(
        requests,
        (source, subset) => source.measure(subset, atMs),
        () => [],
      ),
    sampleTraceIds: (requests, atMs, limit) =>
      routed<SampleRequest, string[]>(
        requests,
        (source, subset) => source.sampleTraceIds(subset, atMs, limit),
        () => [],
      ),
    sampleJourneys: (requests, atMs, limit) =>
      routed<SampleRequest, string[]>(
        requests,
        async (source, subset) =>
          (await source.sampleJourneys?.(subset, atMs, limit)) ?? subset.map(() => []),
        () => [],
      ),
  };
}
