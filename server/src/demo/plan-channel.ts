import { CHANNEL_PROFILES } from './catalog.ts';
import { channelAttributes, type PlanContext, type TraceDraft, timeoutEvent } from './plan-draft.ts';
import { anomaly } from './plan-tcc.ts';
import type { PlannedSpan } from './plan-types.ts';
import { sample } from './traffic-model.ts';

export type ChannelResult = 'paid' | 'declined' | 'timeout' | 'cancelled' | 'unavailable';

export interface ChannelCalls {
  /** The client calls to the channel (the `channel_pay` step), sequential siblings, in order. */
  attempts: PlannedSpan[];
  /** What the last attempt got. */
  result: ChannelResult;
}

interface Attempt {
  span: PlannedSpan;
  result: ChannelResult;
}

/**
 * The gateway's calls to the channel under `parentRef`, from `startMs`. A "busy, retry" answer is
 * always retried once, a timeout usually; declines and cancellations never. The retry gets what is
 * left of the gateway's overall budget (`payDeadlineMs`), so it may time out sooner than the first.
 */
export function planChannelCalls(
  ctx: PlanContext,
  draft: TraceDraft,
  parentRef: string,
  startMs: number,
): ChannelCalls {
  const { r, model } = ctx;
  const first = planAttempt(ctx, draft, parentRef, 1, startMs, model.channelDeadlineMs);
  const retryStart = first.span.endMs + sample(r, model.retryBackoff);
  const leftMs = model.payDeadlineMs - (retryStart - startMs);
  const retry =
    leftMs >= model.minRetryBudgetMs &&
    (first.result === 'unavailable' || (first.result === 'timeout' && r.chance(model.retryOnTimeoutChance)));
  if (first.result === 'paid' && anomaly(ctx, 'doubleCharge')) {
    return { attempts: [first.span, hedgedRetry(ctx, draft, first.span)], result: 'paid' };
  }
  if (!retry) return { attempts: [first.span], result: first.result };
  const deadlineMs = Math.min(model.channelDeadlineMs, leftMs);
  const second = planAttempt(ctx, draft, parentRef, 2, retryStart, deadlineMs);
  return { attempts: [first.span, second.span], result: second.result };
}

/**
 * The gateway's retry timer fired while the first call was still in flight (the channel had
 * charged, the answer was late): the call is sent again, and both succeed.
 */
function hedgedRetry(ctx: PlanContext, draft: TraceDraft, first: PlannedSpan): PlannedSpan {
  const durationMs = first.endMs - first.startMs;
  const startMs = first.startMs + durationMs * (0.4 + ctx.tcc.next() * 0.4);
  return draft.span({
    ...first,
    ref: 'channel2',
    startMs,
    endMs: startMs + durationMs * (0.7 + ctx.tcc.next() * 0.6),
    attributes: { ...first.attributes, 'http.request.resend_count': 1 },
  });
}

function planAttempt(
  ctx: PlanContext,
  draft: TraceDraft,
  parentRef: string,
  attempt: number,
  startMs: number,
  deadlineMs: number,
): Attempt {
  const { r, model, channel } = ctx;
  const profile = CHANNEL_PROFILES[channel];
  const span = draft.span({
    ref: attempt === 1 ? 'channel' : `channel${attempt}`,
    parentRef,
    service: profile.gateway,
    name: profile.operation,
    kind: 'client',
    startMs,
    endMs: startMs,
    status: 'unset',
    attributes: {
      ...channelAttributes(ctx),
      'peer.service': profile.peerService,
      'server.address': profile.serverAddress,
      'server.port': 443,
      'http.request.method': 'POST',
      // OpenTelemetry HTTP semconv: the ordinal of a resent request.
      ...(attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
    },
  });
  const dims = channelAttributes(ctx);
  const durationMs = sample(r, model.channel[channel]);
  const fail = (result: ChannelResult, message: string, type: string, endMs: number): Attempt => {
    span.endMs = endMs;
    span.status = 'error';
    span.statusMessage = message;
    span.attributes['error.type'] = type;
    return { span, result };
  };
  if (r.chance(model.cancelChance)) {
    const cancelAt = startMs + Math.min(durationMs, deadlineMs) * r.next();
    return fail('cancelled', 'context canceled: the shopper closed the payment page', 'cancelled', cancelAt);
  }
  if (durationMs >= deadlineMs) {
    const message = `${profile.operation} timed out after ${Math.round(deadlineMs)} ms`;
    const timedOut = fail('timeout', message, 'timeout', startMs + deadlineMs + r.next() * 3);
    span.events = [timeoutEvent(span.endMs, message)];
    draft.log(span, span.endMs, 'ERROR', message, dims);
    return timedOut;
  }
  if (r.chance(model.transientErrorChance[channel])) {
    // A busy channel answers fast, with its "system error, retry" code.
    const busy = fail(
      'unavailable',
      profile.transientMessage,
      profile.transientCode,
      startMs + durationMs * 0.3,
    );
    span.attributes['http.response.status_code'] = 503;
    draft.log(span, span.endMs, 'WARN', `${channel} busy: ${profile.transientMessage}`, dims);
    return busy;
  }
  span.attributes['http.response.status_code'] = 200;
  if (r.chance(model.declineChance[channel])) {
    span.attributes['payment.decline_code'] = profile.declineCode;
    const declined = fail('declined', profile.declineMessage, 'declined', startMs + durationMs);
    draft.log(span, span.endMs, 'WARN', `payment declined by ${channel}: ${profile.declineMessage}`, dims);
    return declined;
  }
  span.endMs = startMs + durationMs;
  if (durationMs > model.channelDeadlineMs / 2)
    draft.log(span, span.endMs, 'WARN', `slow ${channel} response: ${Math.round(durationMs)} ms`, dims);
  return { span, result: 'paid' };
}
