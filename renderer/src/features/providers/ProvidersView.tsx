// Providers: the schema catalog (manifests, binaries, registered providers). Until the catalog is
// built this says that nothing is open and offers to open a manifest or binary.
import { EmptyState } from '../../components/EmptyState';
import { chooseAndOpen } from '../open/open-actions';

export function ProvidersView() {
  return (
    <EmptyState
      icon="providers"
      title="No providers loaded yet"
      testId="view-providers"
      actions={
        <button
          type="button"
          className="button button-primary"
          onClick={() => void chooseAndOpen('manifest')}
        >
          Open manifest or binary…
        </button>
      }
    >
      Nothing open yet. Open an instrumentation manifest (.man, .xml) or a binary with an embedded manifest to
      browse its events, fields, keywords, levels, tasks, opcodes, channels and maps.
    </EmptyState>
  );
}
