import {
  createAlertRule,
  deleteAlertRule,
  fetchAlertRules,
  fetchAlerts,
  testAlertRule,
} from '../../api/endpoints.ts';
import { Section } from '../../components/Section.tsx';
import { ErrorState, Load, Skeleton } from '../../components/States.tsx';
import { useLink } from '../../hooks/LinkContext.tsx';
import { useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { AlertHistory } from './AlertHistory.tsx';
import { RuleForm } from './RuleForm.tsx';
import { RulesTable } from './RulesTable.tsx';

/** Summarises what a test delivery reported, whatever its exact shape. */
function describeTest(result: unknown): string {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    const deliveries = Array.isArray(r.deliveries) ? r.deliveries : Array.isArray(result) ? result : null;
    if (deliveries) {
      const parts = deliveries.map(
        (d: Record<string, unknown>) => `${d.url ?? d.receiver ?? 'receiver'}: ${d.status ?? d.ok ?? '?'}`,
      );
      return `Test sent — ${parts.join('; ') || 'no receivers'}`;
    }
    if (typeof r.status === 'string' || typeof r.status === 'number') return `Test sent — ${r.status}`;
  }
  return 'Test sent';
}

export default function AlertsPage() {
  const link = useLink();
  const { tick } = useTime();
  const rules = useApi(`rules-${tick}`, fetchAlertRules);
  const history = useApi(`alerts-${tick}`, fetchAlerts);
  if (!link.data)
    return link.status === 'error' ? (
      <ErrorState error={link.error} onRetry={link.reload} />
    ) : (
      <Skeleton rows={8} />
    );
  const reloadAll = () => {
    rules.reload();
    history.reload();
  };
  return (
    <div className="page">
      <h1 className="page-title">Alerts</h1>
      <Section title="Rules" id="alert-rules">
        <Load value={rules} isEmpty={(r) => r.length === 0} empty="No alert rules yet: create one below.">
          {(data) => (
            <RulesTable
              rules={data}
              onTest={async (rule) => {
                const result = await testAlertRule(rule.id);
                history.reload();
                return describeTest(result);
              }}
              onDelete={async (rule) => {
                await deleteAlertRule(rule.id);
                reloadAll();
              }}
            />
          )}
        </Load>
      </Section>
      <Section title="New rule" id="new-rule">
        <RuleForm
          linkSteps={link.data.steps}
          dimensions={link.data.dimensions}
          onCreate={async (rule) => {
            await createAlertRule(rule);
            reloadAll();
          }}
        />
      </Section>
      <Section title="History and deliveries" id="alert-history">
        <Load value={history} isEmpty={(h) => h.length === 0} empty="No alerts have fired yet.">
          {(data) => <AlertHistory events={data} />}
        </Load>
      </Section>
    </div>
  );
}
