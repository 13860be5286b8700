// Events: the table of decoded events of the open capture or live session. Until the event table
// is built this says that nothing is open and offers to open a capture or the demo.
import { EmptyState } from '../../components/EmptyState';
import { chooseAndOpen, openDemo } from '../open/open-actions';

export function EventsView() {
  return (
    <EmptyState
      icon="events"
      title="No events to show"
      testId="view-events"
      actions={
        <>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void chooseAndOpen('capture')}
          >
            Open capture…
          </button>
          <button type="button" className="button" onClick={() => void openDemo()}>
            Open demo
          </button>
        </>
      }
    >
      Nothing open yet. Open an .etl capture to see its events, filter them and inspect their fields.
    </EmptyState>
  );
}
