import { Link, useSearchParams } from 'react-router-dom';
import { fetchChecks } from '../../api/endpoints.ts';
import { checksWithViolations } from '../../checks/violationMarks.ts';
import { EmptyState, Skeleton } from '../../components/States.tsx';
import { formatCount } from '../../format/number.ts';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { carryOver } from '../../url/filters.ts';

/** The checks with violations in the range, beside the alert status; each opens the Consistency page. */
export function CheckStatus() {
  const time = useTime();
  const [params] = useSearchParams();
  const checks = useApi(`checks-${rangeKey(time)}`, (signal) => fetchChecks(time.range, signal));
  if (checks.data === undefined) {
    if (checks.status === 'error')
      return <EmptyState>Consistency checks unavailable: {checks.error.message}</EmptyState>;
    return <Skeleton rows={1} />;
  }
  if (checks.data.checks.length === 0) return <EmptyState>No consistency checks in this link.</EmptyState>;
  const violated = checksWithViolations(checks.data.checks);
  const search = carryOver(params).toString();
  return (
    <div className="alert-strip" data-testid="check-status">
      {violated.length === 0 ? (
        <span className="pill state-resolved">all {checks.data.checks.length} checks hold</span>
      ) : (
        violated.map((check) => (
          <Link
            key={check.id}
            to={{ pathname: '/consistency', search, hash: `check-${check.id}` }}
            className={`pill severity-${check.severity}`}
            data-check={check.id}
          >
            {check.title}: {formatCount(check.violations)}
          </Link>
        ))
      )}
    </div>
  );
}
