import { fetchSlos } from '../api/endpoints.ts';
import { BURN_WINDOWS, type SloStatus } from '../api/schemas/slos.ts';
import { Load } from '../components/States.tsx';
import { rangeKey, useTime } from '../hooks/TimeContext.tsx';
import { useApi } from '../hooks/useApi.ts';
import { BurnDownChart } from './BurnDownChart.tsx';
import { budgetLevel, burnLevel, describeObjective, formatBurn, formatPercent } from './sloFigures.ts';

/**
 * The link's SLOs (or one step's) as of the end of the selected time range: SLI, budget remaining,
 * burn rates and a burn-down over the SLO window. The step page mounts it with `step`.
 */
export function SloPanel({ step }: { step?: string }) {
  const time = useTime();
  const slos = useApi(`slos-${rangeKey(time)}`, (signal) => fetchSlos(time.range.toMs, signal));
  const shown = (all: readonly SloStatus[]) => all.filter((slo) => step === undefined || slo.step === step);
  return (
    <Load
      value={slos}
      skeletonRows={3}
      isEmpty={(d) => shown(d.slos).length === 0}
      empty={
        step === undefined
          ? 'No step of this link has an SLO: add `slo: { objective, latencyMs, window }` to a step.'
          : 'This step has no SLO.'
      }
    >
      {(data) => (
        <div className="chart-grid">
          {shown(data.slos).map((slo) => (
            <SloCard key={slo.step} slo={slo} atMs={data.at} />
          ))}
        </div>
      )}
    </Load>
  );
}

function SloCard({ slo, atMs }: { slo: SloStatus; atMs: number }) {
  const level = budgetLevel(slo.budgetRemaining);
  const fill = Math.max(0, Math.min(1, slo.budgetRemaining ?? 0));
  return (
    <figure className="chart-card" data-testid={`slo-${slo.step}`}>
      <figcaption>
        <span className="chart-title">{slo.title}</span>
        <span className="chart-latest">{describeObjective(slo)}</span>
      </figcaption>
      <div className="stat-row">
        <div className="stat">
          <div className="stat-label">SLI</div>
          <div className="stat-value" data-testid="slo-sli">
            {formatPercent(slo.sli)}
          </div>
          <div className="stat-label">
            {slo.good.toLocaleString()} good of {slo.total.toLocaleString()}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">Budget remaining</div>
          <div className={`stat-value level-${level}`} data-testid="slo-budget">
            {formatPercent(slo.budgetRemaining)}
          </div>
          <span className="budget-bar" aria-hidden="true">
            <span className={`budget-fill level-${level}`} style={{ width: `${fill * 100}%` }} />
          </span>
        </div>
      </div>
      <div className="alert-strip">
        <span className="stat-label">Burn rate</span>
        {BURN_WINDOWS.map((window) => (
          <span
            key={window}
            className={`pill level-${burnLevel(slo.burnRates[window])}`}
            data-testid={`burn-${window}`}
            title={`${slo.burnCounts[window].total - slo.burnCounts[window].good} bad of ${slo.burnCounts[window].total} spans`}
          >
            {window} {formatBurn(slo.burnRates[window])}
          </span>
        ))}
      </div>
      <BurnDownChart slo={slo} atMs={atMs} />
    </figure>
  );
}
