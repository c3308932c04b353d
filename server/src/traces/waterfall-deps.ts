import type { ClickHouseDriver } from '@paylens/store';
import type { LinkDefinition } from '../link/definition.ts';
import { linkClassifier } from './link-classifier.ts';
import { createPercentileSource } from './step-ladders.ts';
import type { WaterfallDeps } from './waterfall-loader.ts';

/** What trace and journey waterfalls need of a store and a link: spans, steps, step percentiles. */
export function waterfallDeps(
  driver: ClickHouseDriver,
  link: LinkDefinition,
  now: () => number,
  onPercentilesError: (error: unknown) => void,
): WaterfallDeps {
  return {
    driver,
    classify: linkClassifier(link),
    percentiles: createPercentileSource(driver, link, now, onPercentilesError),
  };
}
