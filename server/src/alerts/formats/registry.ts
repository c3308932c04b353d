import type { AlertNotification, FormatContext, FormattedBody } from '../notification.ts';
import type { Receiver, ReceiverFormat } from '../rule-types.ts';
import { renderTemplate } from '../template.ts';
import { formatAlertmanager } from './alertmanager.ts';
import { formatGeneric, genericPayload } from './generic.ts';
import { formatSlack } from './slack.ts';

export type Formatter = (notification: AlertNotification, context: FormatContext) => FormattedBody;

/** One formatter per destination kind; adding a format is one file and one line here. */
export const FORMATTERS: Record<ReceiverFormat, Formatter> = {
  generic: formatGeneric,
  alertmanager: formatAlertmanager,
  slack: formatSlack,
};

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** The body a receiver gets: its template over the generic payload, else its format. */
export function formatFor(
  receiver: Receiver,
  notification: AlertNotification,
  context: FormatContext,
): FormattedBody {
  if (receiver.template === undefined) return FORMATTERS[receiver.format](notification, context);
  const contentType = headerValue(receiver.headers, 'content-type') ?? 'application/json';
  const escaping = /json/i.test(contentType) ? 'json' : 'text';
  const payload = genericPayload(notification);
  return {
    body: renderTemplate(receiver.template, { ...payload.data, type: payload.type }, escaping),
    contentType,
  };
}
