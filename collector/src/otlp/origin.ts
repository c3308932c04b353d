import type { AttributeMap } from '@paylens/store';

/** What a Resource contributes to each of its rows (shared by them: rows are not to be mutated per se). */
export interface ResourceInfo {
  attributes: AttributeMap;
  serviceName: string;
  schemaUrl: string;
}

/** What an InstrumentationScope contributes to each of its rows. */
export interface ScopeInfo {
  name: string;
  version: string;
  attributes: AttributeMap;
  schemaUrl: string;
}

export const SERVICE_NAME_KEY = 'service.name';

export function resourceInfo(attributes: AttributeMap, schemaUrl: string): ResourceInfo {
  return { attributes, serviceName: attributes[SERVICE_NAME_KEY] ?? '', schemaUrl };
}
