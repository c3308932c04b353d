import { Router } from 'express';
import { analyticsContext, linksOf } from '../analytics/context.ts';
import { rejectUnknown } from '../analytics/params.ts';
import type { AppDeps } from '../app-deps.ts';
import { badRequest } from '../http/api-error.ts';
import { requireAccess } from '../http/auth.ts';
import { parseTimeRange } from '../http/time-params.ts';
import type { LinkDefinition } from '../link/definition.ts';
import { alertStores } from './alert-stores.ts';
import { alertingOptionsFromEnv } from './alerting-options.ts';
import { createClickHouseMetricSource } from './clickhouse-metric-source.ts';
import { alertHistory } from './history-service.ts';
import { linkOfRule, ruleLinkOf } from './rule-link.ts';
import { alertRuleSchema } from './rule-schema.ts';
import {
  createRule,
  deleteRule,
  getRule,
  getRuleView,
  listRules,
  parseRuleId,
  RULE_ID,
  updateRule,
} from './rules-service.ts';
import { testRule } from './test-delivery.ts';
import { createWebhookSender } from './webhook-sender.ts';

const DAY_MS = 86_400_000;
/** Rules and history are not filtered by the link's dimensions. */
const NO_DIMENSIONS = { dimensions: [] };

function parseLimit(value: unknown): number {
  if (value === undefined) return 100;
  const limit = typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= 1000)) throw badRequest(`parameter 'limit' must be an integer from 1 to 1000`);
  return limit;
}

/** `?rule=`: a malformed id is a bad request here (a path's malformed id is a missing rule, 404). */
function parseRuleParam(value: unknown): string {
  if (typeof value !== 'string' || !RULE_ID.test(value))
    throw badRequest(`parameter 'rule' must be a rule id (rul_ and 32 hex digits)`);
  return value;
}

/** Alert rules CRUD, alert history and test deliveries under /api/v1. Changes need the admin token. */
export function createAlertsRouter(deps: AppDeps): Router {
  const options = alertingOptionsFromEnv(process.env);
  const stores = alertStores(deps.driver);
  const links = linksOf(deps);
  const schemas = new Map<LinkDefinition, ReturnType<typeof alertRuleSchema>>();
  /** The schema of the link the posted rule names (400 naming `link` for an unknown one). */
  const schemaFor = (body: unknown) => {
    const link = ruleLinkOf(body, links);
    let schema = schemas.get(link);
    if (!schema) {
      schema = alertRuleSchema(link, options.addressPolicy);
      schemas.set(link, schema);
    }
    return schema;
  };
  const admin = requireAccess(deps.tokens, 'admin');
  const send = createWebhookSender({ policy: options.addressPolicy, timeoutMs: options.requestTimeoutMs });
  const router = Router();

  router.get('/alert-rules', async (req, res) => {
    rejectUnknown(req.query, [], NO_DIMENSIONS);
    res.json({ rules: await listRules(stores) });
  });

  router.post('/alert-rules', admin, async (req, res) => {
    res.status(201).json(await createRule(stores, schemaFor(req.body), req.body, deps.now()));
  });

  router.get('/alert-rules/:id', async (req, res) => {
    rejectUnknown(req.query, [], NO_DIMENSIONS);
    res.json(await getRuleView(stores, parseRuleId(req.params.id)));
  });

  router.put('/alert-rules/:id', admin, async (req, res) => {
    res.json(await updateRule(stores, schemaFor(req.body), parseRuleId(req.params.id), req.body, deps.now()));
  });

  router.delete('/alert-rules/:id', admin, async (req, res) => {
    await deleteRule(stores, parseRuleId(req.params.id), deps.now());
    res.status(204).end();
  });

  router.post('/alert-rules/:id/test', admin, async (req, res) => {
    const rule = await getRule(stores, parseRuleId(req.params.id));
    const link = linkOfRule(rule, links) ?? deps.link;
    const metrics = createClickHouseMetricSource(analyticsContext(deps, link));
    const onAttempt = (outcome: string) => deps.metrics.webhookDeliveries.inc({ outcome: `test_${outcome}` });
    res.json(
      await testRule({
        rule,
        link,
        metrics,
        send,
        publicUrl: deps.publicUrl,
        nowMs: deps.now(),
        onAttempt,
      }),
    );
  });

  router.get('/alerts', async (req, res) => {
    rejectUnknown(req.query, ['from', 'to', 'rule', 'limit'], NO_DIMENSIONS);
    const range = parseTimeRange(req.query, deps.now(), DAY_MS);
    const ruleId = req.query.rule === undefined ? undefined : parseRuleParam(req.query.rule);
    res.json(
      await alertHistory(stores, {
        fromMs: range.from,
        toMs: range.to,
        ruleId,
        limit: parseLimit(req.query.limit),
      }),
    );
  });

  return router;
}
