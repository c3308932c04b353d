import { useParams } from 'react-router-dom';
import { TraceViewPage } from './TraceViewPage.tsx';

/** Several traces of one payment (joined by the journey key) on one time axis. */
export default function JourneyPage() {
  const { key = '' } = useParams();
  return <TraceViewPage kind="journey" id={key} />;
}
