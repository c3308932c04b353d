import { Link, useSearchParams } from 'react-router-dom';
import { fetchStuck } from '../../api/endpoints.ts';
import type { LinkStep } from '../../api/schemas/link.ts';
import { stepTitle } from '../../api/schemas/link.ts';
import { Load } from '../../components/States.tsx';
import { formatMs } from '../../format/duration.ts';
import { formatAmount, formatAmounts } from '../../format/money.ts';
import { formatInstant } from '../../format/time.ts';
import { journeyHref } from '../../funnel/journeyHref.ts';
import { stuckShowingText } from '../../funnel/stuckCount.ts';
import { rangeKey, useTime } from '../../hooks/TimeContext.tsx';
import { useApi } from '../../hooks/useApi.ts';
import { useFilters } from '../../hooks/useFilters.ts';
import { setParam, useUpdateParams } from '../../hooks/useUrlParam.ts';
import { carryOver } from '../../url/filters.ts';

const GRACE = [
  { label: '1 min', ms: 60_000 },
  { label: '5 min', ms: 300_000 },
  { label: '15 min', ms: 900_000 },
  { label: '1 h', ms: 3_600_000 },
];

/** Journeys that passed a step and never reached the next, oldest first: each one needs chasing. */
export function StuckPayments({
  linkSteps,
  defaultAfter,
  valued = false,
}: {
  linkSteps: LinkStep[];
  defaultAfter: string | undefined;
  /** The link names a value: each journey's is shown. */
  valued?: boolean;
}) {
  const [params] = useSearchParams();
  const update = useUpdateParams();
  const time = useTime();
  const { filters, filtersKey } = useFilters();
  const after = params.get('stuckAfter') ?? defaultAfter ?? linkSteps[0]?.id ?? '';
  const graceMs = Number(params.get('graceMs') ?? 300_000);
  const stuck = useApi(after ? `stuck-${after}-${graceMs}-${rangeKey(time)}-${filtersKey}` : null, (signal) =>
    fetchStuck(after, graceMs, time.range, filters, signal),
  );
  const carry = carryOver(params).toString();
  return (
    <>
      <div className="toolbar">
        <label>
          Stuck after{' '}
          <select
            aria-label="Stuck after"
            value={after}
            onChange={(e) => update((p) => setParam(p, 'stuckAfter', e.target.value), true)}
          >
            {linkSteps
              .filter((s) => s.inFunnel !== false)
              .slice(0, -1)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {stepTitle(s)}
                </option>
              ))}
          </select>
        </label>
        <label>
          for at least{' '}
          <select
            aria-label="For at least"
            value={graceMs}
            onChange={(e) => update((p) => setParam(p, 'graceMs', e.target.value), true)}
          >
            {GRACE.map((g) => (
              <option key={g.ms} value={g.ms}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Load
        value={stuck}
        isEmpty={(d) => d.journeys.length === 0}
        empty="Nothing stuck: every journey that passed this step moved on."
      >
        {(data) => (
          <div className="table-scroll">
            <StuckShowing listed={data.journeys.length} total={data.total} />
            {data.valueAtRisk.length > 0 && (
              <p className="stuck-showing" data-testid="value-at-risk">
                Value at risk: {formatAmounts(data.valueAtRisk)}
              </p>
            )}
            <table className="data-table" aria-label="Stuck payments">
              <thead>
                <tr>
                  <th scope="col">Journey</th>
                  <th scope="col">Dimensions</th>
                  <th scope="col">Last step</th>
                  <th scope="col">Last span at</th>
                  <th scope="col" className="num">
                    Age
                  </th>
                  {valued && (
                    <th scope="col" className="num">
                      Value
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {data.journeys.map((j) => (
                  <tr key={j.key} data-key={j.key}>
                    <th scope="row">
                      <Link to={journeyHref(j.key, j.traceIds, carry)}>{j.key}</Link>
                    </th>
                    <td>
                      {Object.entries(j.dimensions)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', ') || '—'}
                    </td>
                    <td>{j.lastStep ?? '—'}</td>
                    <td>{formatInstant(j.lastSpanAt)}</td>
                    <td className="num" data-col="age">
                      {formatMs(j.ageMs)}
                    </td>
                    {valued && (
                      <td className="num" data-col="value">
                        {j.value === null ? '—' : formatAmount(j.value, j.currency)}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Load>
    </>
  );
}

/** "showing 100 of 1,234" (oldest first) when the server listed only part of the stuck journeys. */
function StuckShowing({ listed, total }: { listed: number; total: number | undefined }) {
  const showing = stuckShowingText(listed, total);
  if (showing === null) return null;
  return (
    <p className="stuck-showing" data-testid="stuck-showing">
      {showing}, oldest first
    </p>
  );
}
