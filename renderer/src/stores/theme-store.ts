// Light and dark themes: follow the OS (prefers-color-scheme) unless the user picked one; the
// choice is remembered in localStorage. The effective theme is set as <html data-theme="…">, which
// the CSS variables in styles/theme.css key on.
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'etw-explorer.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function storedChoice(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' || value === 'system' ? value : 'system';
  } catch {
    return 'system';
  }
}

const effective = (choice: ThemeChoice): Theme =>
  choice === 'system' ? (darkQuery().matches ? 'dark' : 'light') : choice;

interface ThemeState {
  choice: ThemeChoice;
  theme: Theme;
  setChoice(choice: ThemeChoice): void;
  /** Light ↔ dark (leaves "follow system"). */
  toggle(): void;
}

export const useThemeStore = create<ThemeState>()((set, get) => ({
  choice: storedChoice(),
  theme: effective(storedChoice()),
  setChoice(choice) {
    try {
      window.localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      // Private windows may refuse storage; the theme still applies for this session.
    }
    set({ choice, theme: effective(choice) });
  },
  toggle() {
    get().setChoice(get().theme === 'dark' ? 'light' : 'dark');
  },
}));

/** Applies the theme to <html> and follows OS changes while the choice is "system". */
export function installTheme(): () => void {
  const apply = (theme: Theme) => {
    document.documentElement.dataset.theme = theme;
  };
  apply(useThemeStore.getState().theme);
  const offStore = useThemeStore.subscribe((s) => apply(s.theme));
  const query = darkQuery();
  const onOsChange = () => {
    const { choice } = useThemeStore.getState();
    if (choice === 'system') useThemeStore.setState({ theme: effective('system') });
  };
  query.addEventListener('change', onOsChange);
  return () => {
    offStore();
    query.removeEventListener('change', onOsChange);
  };
}
