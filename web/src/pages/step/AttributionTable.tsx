import { Link } from 'react-router-dom';
import type { AttributionResponse } from '../../api/schemas/drilldown.ts';
import { formatCount, formatPercent } from '../../format/number.ts';

/**
 * What the selection has in common: each attribute value's share of the selected spans beside its
 * share of the others, most over-represented first. A value of a link dimension filters the page.
 */
export function AttributionTable({
  data,
  dimensions,
  onFilter,
  traceHref,
}: {
  data: AttributionResponse;
  dimensions: readonly string[];
  onFilter: (key: string, value: string) => void;
  traceHref: (traceId: string) => string;
}) {
  return (
    <div className="attribution">
      <p className="hint" data-testid="attribution-counts">
        <span data-field="selection-count">{formatCount(data.selection.count)}</span> spans selected ·{' '}
        <span data-field="baseline-count">{formatCount(data.baseline.count)}</span> others
      </p>
      <div className="table-scroll">
        <table className="data-table" aria-label="Attribution">
          <thead>
            <tr>
              <th scope="col">Attribute</th>
              <th scope="col">Value</th>
              <th scope="col" className="num">
                Selection
              </th>
              <th scope="col" className="num">
                Baseline
              </th>
              <th scope="col" className="num" title="selection share ÷ baseline share">
                Lift
              </th>
            </tr>
          </thead>
          <tbody>
            {data.attributes.map((a) => (
              <tr key={`${a.key}=${a.value}`} data-key={a.key} data-value={a.value}>
                <th scope="row">{a.key}</th>
                <td>
                  {dimensions.includes(a.key) ? (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => onFilter(a.key, a.value)}
                      title={`Filter the page by ${a.key} = ${a.value}`}
                    >
                      {a.value}
                    </button>
                  ) : (
                    <span className="attr-value">{a.value}</span>
                  )}
                </td>
                <td className="num" data-col="selection-share" title={`${a.selection} spans`}>
                  <ShareBar share={a.selectionShare} tone="selection" />
                  {formatPercent(a.selectionShare)}
                </td>
                <td className="num" data-col="baseline-share" title={`${a.baseline} spans`}>
                  <ShareBar share={a.baselineShare} tone="baseline" />
                  {formatPercent(a.baselineShare)}
                </td>
                <td className="num" data-col="lift">
                  {a.lift === null ? 'only here' : `${a.lift.toFixed(a.lift < 10 ? 2 : 0)}×`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="subtitle">Sample traces</h3>
      {data.samples.length === 0 ? (
        <p className="hint">No spans selected.</p>
      ) : (
        <ul className="sample-traces" aria-label="Sample traces">
          {data.samples.map((traceId) => (
            <li key={traceId}>
              <Link to={traceHref(traceId)}>{traceId}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ShareBar({ share, tone }: { share: number; tone: 'selection' | 'baseline' }) {
  return (
    <span className={`share-bar share-${tone}`} aria-hidden="true">
      <span style={{ width: `${Math.round(share * 100)}%` }} />
    </span>
  );
}
