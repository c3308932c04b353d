import { useSearchParams } from 'react-router-dom';
import { fetchChecks } from '../../api/endpoints.ts';
import { ErrorState, Load, Skeleton } from '../../components/States.tsx';
import { useLink } from '../../hooks/LinkContext.tsx';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { carryOver } from '../../url/filters.ts';
import { CheckCard } from './CheckCard.tsx';

/** The link's consistency checks: each with its count, rate, trend and violating journeys. */
export default function ConsistencyPage() {
  const link = useLink();
  const time = useTime();
  const [params] = useSearchParams();
  const checks = useApi(link.data ? `checks-${rangeKey(time)}` : null, (signal) =>
    fetchChecks(time.range, signal),
  );
  if (!link.data)
    return link.status === 'error' ? (
      <ErrorState error={link.error} onRetry={link.reload} />
    ) : (
      <Skeleton rows={6} />
    );
  const carry = carryOver(params).toString();
  return (
    <div className="page">
      <h1 className="page-title">Consistency</h1>
      <p className="page-intro">
        Payment correctness over the same journeys: charged twice, Cancel after Confirm, empty rollbacks,
        retry storms, paid but not updated. Each violation opens its journey with the offending spans marked
        ⚑.
      </p>
      <Load
        value={checks}
        skeletonRows={6}
        isEmpty={(d) => d.checks.length === 0}
        empty="This payment link defines no consistency checks (add `checks:` to its definition)."
      >
        {(data) => (
          <div className="check-list">
            {data.checks.map((check) => (
              <CheckCard
                key={check.id}
                check={check}
                range={time.range}
                timeKey={rangeKey(time)}
                carry={carry}
              />
            ))}
          </div>
        )}
      </Load>
    </div>
  );
}
