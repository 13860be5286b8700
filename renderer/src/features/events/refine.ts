// Narrowing the Events view by one clause (a cell's value, a process, a "Count by" group): the clause
// is added to the filter text the user sees in the filter bar, then applied.
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from './events-store';
import { addClause } from './filter-text';

export function refineFilter(clause: string): void {
  const next = addClause(useEventsStore.getState().filter, clause);
  useUiStore.getState().setFilterText(next);
  void useEventsStore.getState().applyFilter(next);
}
