import {
  type AlertNotification,
  describeValue,
  type FormatContext,
  type FormattedBody,
  headline,
} from '../notification.ts';
import { sloLines } from './slo-lines.ts';

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A Slack incoming-webhook message: a `text` fallback and Block Kit blocks. */
export function slackPayload(notification: AlertNotification) {
  const { rule, step, state } = notification;
  const mark = state === 'firing' ? ':red_circle: FIRING' : ':large_green_circle: RESOLVED';
  const fields = [
    `*Step*\n${slackEscape(step.title)} (\`${slackEscape(step.id)}\`)`,
    `*${slackEscape(rule.metric)} over ${slackEscape(rule.window)}*\n${slackEscape(describeValue(rule.metric, notification.value))}`,
    `*Threshold*\n${slackEscape(`${rule.op} ${describeValue(rule.metric, notification.threshold)}`)}`,
    `*Since*\n${notification.startsAt}`,
  ];
  if (notification.slo) {
    const lines = sloLines(notification.slo);
    fields.push(`*SLO*\n${slackEscape(lines.slo)}`, `*Burn rates*\n${slackEscape(lines.burnRates)}`);
    fields.push(`*Budget remaining*\n${lines.budgetRemaining}`);
  }
  for (const [key, value] of Object.entries(notification.dimensions))
    fields.push(`*${slackEscape(key)}*\n${slackEscape(value)}`);
  const blocks: object[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${mark}: *<${notification.url}|${slackEscape(rule.name)}>*` },
    },
    { type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })) },
  ];
  if (rule.annotations.summary)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(rule.annotations.summary) } });
  if (notification.samples.length > 0)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Sample traces: ${notification.samples.map((sample) => `<${sample.url}|${sample.traceId.slice(0, 12)}>`).join(', ')}`,
        },
      ],
    });
  return { text: `${state === 'firing' ? 'FIRING' : 'RESOLVED'}: ${headline(notification)}`, blocks };
}

export function formatSlack(notification: AlertNotification, _context: FormatContext): FormattedBody {
  return { body: JSON.stringify(slackPayload(notification)), contentType: 'application/json' };
}
