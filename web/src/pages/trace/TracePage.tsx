import { useParams } from 'react-router-dom';
import { TraceViewPage } from './TraceViewPage.tsx';

export default function TracePage() {
  const { traceId = '' } = useParams();
  return <TraceViewPage kind="trace" id={traceId} />;
}
