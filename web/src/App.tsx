import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Header } from './components/Header.tsx';
import { EmptyState, Skeleton } from './components/States.tsx';
import { LinkProvider, useLink } from './hooks/LinkContext.tsx';
import { TimeProvider } from './hooks/TimeContext.tsx';
import { useTheme } from './hooks/useTheme.ts';

// One chunk per route: the waterfall and the charts load only where they are used.
const OverviewPage = lazy(() => import('./pages/overview/OverviewPage.tsx'));
const FunnelPage = lazy(() => import('./pages/funnel/FunnelPage.tsx'));
const TracesPage = lazy(() => import('./pages/traces/TracesPage.tsx'));
const TracePage = lazy(() => import('./pages/trace/TracePage.tsx'));
const JourneyPage = lazy(() => import('./pages/trace/JourneyPage.tsx'));
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage.tsx'));
const StepPage = lazy(() => import('./pages/step/StepPage.tsx'));

export function App() {
  const [theme, toggleTheme] = useTheme();
  return (
    <LinkProvider>
      <TimeProvider>
        <Shell theme={theme} onToggleTheme={toggleTheme} />
      </TimeProvider>
    </LinkProvider>
  );
}

function Shell({ theme, onToggleTheme }: { theme: 'light' | 'dark'; onToggleTheme: () => void }) {
  const link = useLink();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header theme={theme} onToggleTheme={onToggleTheme} linkName={link.data?.name} />
      <main id="main">
        <Suspense fallback={<Skeleton rows={8} label="Loading page" />}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/funnel" element={<FunnelPage />} />
            <Route path="/traces" element={<TracesPage />} />
            <Route path="/traces/:traceId" element={<TracePage />} />
            <Route path="/journeys/:key" element={<JourneyPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/steps/:step" element={<StepPage />} />
            <Route path="*" element={<EmptyState>No page here. Pick one from the menu above.</EmptyState>} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
