import { type SqlFragment, sql, typed } from '@paylens/store';
import {
  budgetNs,
  CANCEL_TYPE_MARKERS,
  ERROR_STATUS_SPELLINGS,
  GRPC_CANCELLED,
  GRPC_DEADLINE_EXCEEDED,
  GRPC_STATUS_ATTRIBUTE,
  HTTP_STATUS_ATTRIBUTES,
  TIMEOUT_HTTP_STATUSES,
  TIMEOUT_TYPE_MARKERS,
} from '../analysis/outcome.ts';
import type { LinkDefinition } from '../link/definition.ts';

/**
 * analysis/outcome.ts as ClickHouse expressions over otel_traces columns. `lower()` is ASCII-only
 * in ClickHouse, and so is `asciiLower` on the TypeScript side.
 */

export function errorSql(): SqlFragment {
  return sql`(lower(StatusCode) IN ${[...ERROR_STATUS_SPELLINGS]})`;
}

function namesAnySql(value: SqlFragment, markers: readonly string[]): SqlFragment {
  return sql`multiSearchAny(lower(${value}), ${[...markers]})`;
}

export function cancelledSql(): SqlFragment {
  return sql`(${namesAnySql(sql`SpanAttributes['error.type']`, CANCEL_TYPE_MARKERS)}
    OR SpanAttributes[${GRPC_STATUS_ATTRIBUTE}] = ${GRPC_CANCELLED})`;
}

/** Timeout given the span's budget in nanoseconds (an expression; 0 = no budget). */
export function timeoutSql(budgetNsExpression: SqlFragment): SqlFragment {
  const statuses = [...TIMEOUT_HTTP_STATUSES];
  const [httpNew, httpOld] = HTTP_STATUS_ATTRIBUTES;
  return sql`(NOT ${cancelledSql()} AND (
    (${errorSql()} AND ${namesAnySql(sql`SpanAttributes['error.type']`, TIMEOUT_TYPE_MARKERS)})
    OR SpanAttributes[${httpNew}] IN ${statuses} OR SpanAttributes[${httpOld}] IN ${statuses}
    OR SpanAttributes[${GRPC_STATUS_ATTRIBUTE}] = ${GRPC_DEADLINE_EXCEEDED}
    OR arrayExists(a -> ${namesAnySql(sql`a['exception.type']`, TIMEOUT_TYPE_MARKERS)}, \`Events.Attributes\`)
    OR (${budgetNsExpression} > 0 AND Duration >= ${budgetNsExpression})))`;
}

/** The budget (ns) of the step named by `stepExpression` (a step id column or expression). */
export function stepBudgetSql(link: Pick<LinkDefinition, 'steps'>, stepExpression: SqlFragment): SqlFragment {
  const ids = link.steps.map((step) => step.id);
  const budgets = link.steps.map((step) => budgetNs(step.timeoutMs));
  return sql`transform(${stepExpression}, ${ids}, ${typed('Array(UInt64)', budgets)}, toUInt64(0))`;
}
