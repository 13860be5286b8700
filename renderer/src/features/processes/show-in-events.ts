// "Show in Events": puts a filter into the Events view's filter box, applies it to the Events view
// (clearing a time range dragged on its timeline, which would hide part of what was asked for) and
// switches there. A filter the services refuse stays in the box with its error, as if typed.
import { useAppStore } from '../../stores/app-store';
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from '../events/events-store';

/** How long to wait for the Events view's view of a just-opened capture. */
const VIEW_WAIT_MS = 5000;

export async function showInEvents(filter: string): Promise<void> {
  useUiStore.getState().setFilterText(filter);
  useAppStore.getState().setView('events');
  const viewId = await viewReady();
  if (viewId === undefined) return;
  const events = useEventsStore.getState();
  if (events.range) await events.setRange(undefined);
  await useEventsStore.getState().applyFilter(filter);
}

/** The Events view's view id, once it has one. */
function viewReady(): Promise<string | undefined> {
  const now = useEventsStore.getState().viewId;
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, VIEW_WAIT_MS);
    const off = useEventsStore.subscribe((s) => {
      if (s.viewId === undefined) return;
      clearTimeout(timer);
      off();
      resolve(s.viewId);
    });
  });
}
