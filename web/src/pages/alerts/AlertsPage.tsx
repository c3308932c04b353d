import { describeTestDelivery } from '../../alerts/metricValue.ts';
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
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { SloAlertOffers } from '../../slo/SloAlertOffers.tsx';
import { ActiveAlerts } from './ActiveAlerts.tsx';
import { AlertHistory } from './AlertHistory.tsx';
import { Deliveries } from './Deliveries.tsx';
import { RuleForm } from './RuleForm.tsx';
import { RulesTable } from './RulesTable.tsx';

export default function AlertsPage() {
  const link = useLink();
  const time = useTime();
  const rules = useApi(`rules-${time.tick}`, fetchAlertRules);
  const history = useApi(`alerts-${rangeKey(time)}`, (signal) => fetchAlerts(time.range, signal));
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
                if (result.deliveries.length === 0) return 'No receivers: nothing was sent';
                return result.deliveries.map(describeTestDelivery).join('; ');
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
          linkName={link.data.name}
          linkSteps={link.data.steps}
          checks={link.data.checks}
          dimensions={link.data.dimensions}
          onCreate={async (rule) => {
            await createAlertRule(rule);
            reloadAll();
          }}
        />
      </Section>
      <Section title="SLO burn-rate alerts" id="slo-alerts">
        <SloAlertOffers
          rules={rules.data}
          onCreate={async (created) => {
            for (const rule of created) await createAlertRule(rule);
            reloadAll();
          }}
        />
      </Section>
      <Section title="Active now" id="alert-active">
        <Load value={history} isEmpty={(h) => h.active.length === 0} empty="Nothing pending or firing.">
          {(data) => <ActiveAlerts alerts={data.active} />}
        </Load>
      </Section>
      <Section title="History" id="alert-history">
        <Load
          value={history}
          isEmpty={(h) => h.events.length === 0}
          empty="No alert has fired or resolved in this time range."
        >
          {(data) => <AlertHistory events={data.events} />}
        </Load>
      </Section>
      <Section title="Deliveries" id="alert-deliveries">
        <Load value={history}>{(data) => <Deliveries events={data.events} />}</Load>
      </Section>
    </div>
  );
}
