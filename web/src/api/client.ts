import type { z } from 'zod';
import { LINK_PARAM, linkParamOf, readsLink } from '../url/linkParam.ts';
import { apiErrorBody } from './schemas/common.ts';

/** An answer the UI cannot use: an HTTP error from the API, a network failure, or an unexpected shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

const TOKEN_KEY = 'paylens.apiToken';

/** A bearer token the user pasted when the API asked for one (PAYLENS_API_TOKEN). */
export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

export type QueryValue = string | number | undefined | null;

/**
 * The API URL for a path and query. Paths that read a link carry the page's `link` (the link is
 * state in the page's URL, like the time range), unless the query names one itself.
 */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const link = typeof window === 'undefined' ? null : linkParamOf(window.location.search);
  if (link && readsLink(path) && query[LINK_PARAM] === undefined) query = { ...query, [LINK_PARAM]: link };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** Fetches JSON and returns the raw value, throwing ApiError for any non-2xx answer. */
export async function requestJson(url: string, init: RequestInit = {}): Promise<unknown> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const token = storedToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', `Cannot reach the paylens API (${(error as Error).message})`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (response.ok)
      throw new ApiError(
        response.status,
        'bad_json',
        `The API answered ${url} with something other than JSON`,
      );
  }
  if (!response.ok) {
    const parsed = apiErrorBody.safeParse(body);
    const message = parsed.success ? parsed.data.error.message : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, parsed.success ? parsed.data.error.code : 'http_error', message);
  }
  return body;
}

/** Validates a response at the boundary: past this point the UI trusts the types. */
export function validate<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new ApiError(
    200,
    'bad_shape',
    `Unexpected ${what} response at ${where}: ${issue?.message ?? 'invalid'}`,
  );
}

export async function getJson<S extends z.ZodType>(
  schema: S,
  path: string,
  query: Record<string, QueryValue> = {},
  signal?: AbortSignal,
): Promise<z.output<S>> {
  const body = await requestJson(apiUrl(path, query), { signal });
  return validate(schema, body, path);
}
