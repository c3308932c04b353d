import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import type { LinkSummary } from '../api/schemas/links.ts';
import { carryOver } from '../url/filters.ts';
import { LINK_PARAM, linkParamOf } from '../url/linkParam.ts';

/**
 * Picks the payment link every page reads, when paylens serves several. The time range and
 * filters stay; parameters that name a step of the other link (a stuck step, a trace search) go.
 */
export function LinkSwitcher({ links }: { links: readonly LinkSummary[] }) {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  if (links.length < 2) return null;
  const current = linkParamOf(params) ?? links.find((l) => l.default)?.name ?? links[0]!.name;
  return (
    <label className="link-switcher">
      <span className="visually-hidden">Payment link</span>
      <select
        aria-label="Payment link"
        value={current}
        onChange={(e) => {
          const next = carryOver(params);
          next.set(LINK_PARAM, e.target.value);
          // The same page on the other link; step-naming parameters are not carried over.
          void navigate({ pathname, search: next.toString() });
        }}
      >
        {links.map((link) => (
          <option key={link.name} value={link.name}>
            {link.title}
          </option>
        ))}
      </select>
    </label>
  );
}
