import { NavLink, useSearchParams } from 'react-router-dom';
import type { LinkSummary } from '../api/schemas/links.ts';
import type { Theme } from '../hooks/useTheme.ts';
import { carryOver } from '../url/filters.ts';
import { LinkSwitcher } from './LinkSwitcher.tsx';
import { TimeRangePicker } from './TimeRangePicker.tsx';

const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/funnel', label: 'Funnel', end: false },
  { to: '/traces', label: 'Traces', end: false },
  { to: '/consistency', label: 'Consistency', end: false },
  { to: '/alerts', label: 'Alerts', end: false },
];

export function Header({
  theme,
  onToggleTheme,
  linkName,
  links = [],
}: {
  theme: Theme;
  onToggleTheme: () => void;
  linkName?: string;
  links?: readonly LinkSummary[];
}) {
  const [params] = useSearchParams();
  const search = carryOver(params).toString();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◔
        </span>
        paylens{linkName && links.length < 2 && <span className="link-name">{linkName}</span>}
      </div>
      <LinkSwitcher links={links} />
      <nav aria-label="Pages">
        {NAV.map((item) => (
          <NavLink key={item.to} to={{ pathname: item.to, search }} end={item.end}>
            {item.label}
          </NavLink>
        ))}
      </nav>
      <TimeRangePicker />
      <button
        type="button"
        className="theme-toggle"
        onClick={onToggleTheme}
        aria-label={theme === 'light' ? 'Switch to dark theme' : 'Switch to light theme'}
      >
        {theme === 'light' ? '☾' : '☀'}
      </button>
    </header>
  );
}
