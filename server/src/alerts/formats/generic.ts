import type { AlertNotification, FormatContext, FormattedBody } from '../notification.ts';

/**
 * paylens' own JSON, shaped as Standard Webhooks recommends: `{ type, timestamp, data }`, with
 * `type` `alert.firing` or `alert.resolved` and `data` the whole notification.
 */
export function genericPayload(notification: AlertNotification): {
  type: string;
  timestamp: string;
  data: AlertNotification;
} {
  return {
    type: `alert.${notification.state}`,
    timestamp: notification.endsAt ?? notification.startsAt,
    data: notification,
  };
}

export function formatGeneric(notification: AlertNotification, _context: FormatContext): FormattedBody {
  return { body: JSON.stringify(genericPayload(notification)), contentType: 'application/json' };
}
