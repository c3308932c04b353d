import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}` keyed with the base64 bytes after `whsec_`, sent as `v1,<base64>`.
 */
export function signPayload(
  secret: string,
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const digest = createHmac('sha256', key)
    .update(`${webhookId}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

/** The three headers; without a secret only the id and timestamp (still useful to deduplicate). */
export function webhookHeaders(
  secret: string | undefined,
  webhookId: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': webhookId,
    'webhook-timestamp': String(timestampSeconds),
  };
  if (secret) headers['webhook-signature'] = signPayload(secret, webhookId, timestampSeconds, body);
  return headers;
}
