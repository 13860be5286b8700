// Processes: per-process summaries of the open capture or live session. Until they are built this
// says that nothing is open.
import { EmptyState } from '../../components/EmptyState';
import { chooseAndOpen } from '../open/open-actions';

export function ProcessesView() {
  return (
    <EmptyState
      icon="processes"
      title="No processes to show"
      testId="view-processes"
      actions={
        <button type="button" className="button" onClick={() => void chooseAndOpen('capture')}>
          Open capture…
        </button>
      }
    >
      Nothing open yet. Open a capture to see its processes, their event counts, images and activity.
    </EmptyState>
  );
}
