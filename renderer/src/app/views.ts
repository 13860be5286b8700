// The views the navigation rail switches between, in rail order.
import type { IconName } from '../components/Icon';
import type { ViewId } from '../stores/app-store';

export interface ViewEntry {
  id: ViewId;
  label: string;
  icon: IconName;
}

export const VIEWS: ViewEntry[] = [
  { id: 'welcome', label: 'Start', icon: 'home' },
  { id: 'providers', label: 'Providers', icon: 'providers' },
  { id: 'events', label: 'Events', icon: 'events' },
  { id: 'processes', label: 'Processes', icon: 'processes' },
  { id: 'sessions', label: 'Sessions', icon: 'sessions' },
];
