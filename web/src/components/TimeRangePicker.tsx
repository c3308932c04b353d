import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatInstant, fromDatetimeLocal, toDatetimeLocal } from '../format/time.ts';
import { useTime } from '../hooks/TimeContext.tsx';
import { useUpdateParams } from '../hooks/useUrlParam.ts';
import { REFRESH_OPTIONS, readRefreshId } from '../url/refresh.ts';
import { RANGE_PRESETS, type RangePresetId, writeRange } from '../url/timeRange.ts';

/** Presets, a custom window, auto-refresh and a refresh button; all kept in the URL. */
export function TimeRangePicker() {
  const { spec, range, refreshNow } = useTime();
  const [params] = useSearchParams();
  const update = useUpdateParams();
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const selectValue = spec.kind === 'custom' ? 'custom' : spec.id;

  return (
    <div className="time-controls">
      <label>
        <span className="visually-hidden">Time range</span>
        <select
          aria-label="Time range"
          value={custom ? 'custom' : selectValue}
          onChange={(e) => {
            if (e.target.value === 'custom') {
              setCustom({ from: toDatetimeLocal(range.fromMs), to: toDatetimeLocal(range.toMs) });
              return;
            }
            setCustom(null);
            update((p) => writeRange(p, { kind: 'preset', id: e.target.value as RangePresetId }), true);
          }}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      {spec.kind === 'custom' && !custom && (
        <span className="range-text" title="Custom range">
          {formatInstant(spec.fromMs)} → {formatInstant(spec.toMs)}
        </span>
      )}
      {custom && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const fromMs = fromDatetimeLocal(custom.from);
            const toMs = fromDatetimeLocal(custom.to);
            if (fromMs === null || toMs === null || fromMs >= toMs) return;
            setCustom(null);
            update((p) => writeRange(p, { kind: 'custom', fromMs, toMs }), true);
          }}
        >
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={custom.from}
              onChange={(e) => setCustom({ ...custom, from: e.target.value })}
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={custom.to}
              onChange={(e) => setCustom({ ...custom, to: e.target.value })}
            />
          </label>
          <button type="submit">Apply</button>
        </form>
      )}
      <label>
        <span className="visually-hidden">Auto-refresh</span>
        <select
          aria-label="Auto-refresh"
          value={readRefreshId(params)}
          onChange={(e) =>
            update((p) => {
              if (e.target.value === 'off') p.delete('refresh');
              else p.set('refresh', e.target.value);
              return p;
            })
          }
        >
          {REFRESH_OPTIONS.map((o) => (
            <option key={o.id} value={o.id}>
              {o.id === 'off' ? 'Auto-refresh off' : `Every ${o.label}`}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={refreshNow} aria-label="Refresh now" title="Refresh now">
        ↻
      </button>
    </div>
  );
}
