import { useState } from 'react';
import { fetchSlos } from '../api/endpoints.ts';
import type { AlertRule, AlertRuleInput } from '../api/schemas/alerts.ts';
import { Load } from '../components/States.tsx';
import { useTime } from '../hooks/TimeContext.tsx';
import { useApi } from '../hooks/useApi.ts';
import { describeObjective, STANDARD_BURN_RULES, standardBurnRules } from './sloFigures.ts';

/**
 * Each SLO of the link with its burn-rate rules: one click adds the SRE workbook's three (two
 * pages, one ticket), posting to the webhook URL given, if any.
 */
export function SloAlertOffers({
  rules,
  onCreate,
}: {
  rules: readonly AlertRule[] | undefined;
  onCreate: (rules: AlertRuleInput[]) => Promise<void>;
}) {
  const time = useTime();
  const slos = useApi(`slo-offers-${time.tick}`, (signal) => fetchSlos(Date.now(), signal));
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async (step: string) => {
    setBusy(step);
    setError(null);
    try {
      await onCreate(standardBurnRules(step, url || undefined));
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const rules3 = STANDARD_BURN_RULES.map((r) => `${r.threshold}× over ${r.longWindow} and ${r.shortWindow}`);
  return (
    <Load
      value={slos}
      isEmpty={(d) => d.slos.length === 0}
      empty="No step of this link has an SLO: add `slo:` to a step for burn-rate alerts."
    >
      {(data) => (
        <div>
          <p className="hint">Standard rules: {rules3.join('; ')}.</p>
          <label>
            Webhook URL (optional){' '}
            <input
              type="url"
              aria-label="Burn-rate webhook URL"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://…"
            />
          </label>
          <table className="data-table">
            <tbody>
              {data.slos.map((slo) => {
                const existing = (rules ?? []).filter((r) => r.metric === 'burnRate' && r.step === slo.step);
                return (
                  <tr key={slo.step} data-testid={`slo-offer-${slo.step}`}>
                    <td>{slo.title}</td>
                    <td>{describeObjective(slo)}</td>
                    <td>
                      {existing.length > 0 ? `${existing.length} burn-rate rules` : 'no burn-rate rule'}
                    </td>
                    <td>
                      <button type="button" disabled={busy !== null} onClick={() => void add(slo.step)}>
                        {busy === slo.step ? 'Adding…' : 'Add the 3 burn-rate rules'}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {error && (
            <p className="level-bad" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </Load>
  );
}
