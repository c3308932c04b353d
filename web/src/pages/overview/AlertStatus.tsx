import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { fetchAlertRules } from '../../api/endpoints.ts';
import { EmptyState, Skeleton } from '../../components/States.tsx';
import { useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { countByState } from '../../overview/levels.ts';

/** A strip with how many alert rules fire, are pending or are fine; firing rules named. */
export function AlertStatus() {
  const { tick } = useTime();
  const rules = useApi(`rules-${tick}`, fetchAlertRules);
  if (rules.data === undefined) {
    if (rules.status === 'error') {
      const missing = rules.error instanceof ApiError && rules.error.status === 404;
      return (
        <EmptyState>
          {missing
            ? 'Alerting is not available on this server.'
            : `Alert status unavailable: ${rules.error.message}`}
        </EmptyState>
      );
    }
    return <Skeleton rows={1} />;
  }
  if (rules.data.length === 0)
    return (
      <EmptyState>
        No alert rules yet. <Link to="/alerts">Create one</Link>.
      </EmptyState>
    );
  const firing = rules.data.filter((r) => r.state === 'firing');
  return (
    <div className="alert-strip">
      {countByState(rules.data.map((r) => r.state)).map(({ state, count }) => (
        <span key={state} className={`pill state-${state}`} data-state={state}>
          {count} {state}
        </span>
      ))}
      {firing.length > 0 && (
        <span className="firing-names">
          Firing: {firing.map((r) => r.name).join(', ')} — <Link to="/alerts">details</Link>
        </span>
      )}
    </div>
  );
}
