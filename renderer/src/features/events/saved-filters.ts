// Named filters the user saved, kept in localStorage (per browser profile / desktop install).
export interface SavedFilter {
  name: string;
  text: string;
}

const KEY = 'etw.savedFilters';
const MAX = 200;

export function loadSavedFilters(): SavedFilter[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter(
      (f): f is SavedFilter =>
        typeof f === 'object' && f !== null && typeof f.name === 'string' && typeof f.text === 'string',
    );
  } catch {
    return [];
  }
}

/** Saves (or replaces, by name) a filter; returns the new list. */
export function saveFilter(name: string, text: string): SavedFilter[] {
  const list = loadSavedFilters().filter((f) => f.name !== name);
  list.push({ name, text });
  list.sort((a, b) => a.name.localeCompare(b.name));
  const kept = list.slice(0, MAX);
  localStorage.setItem(KEY, JSON.stringify(kept));
  return kept;
}

export function deleteFilter(name: string): SavedFilter[] {
  const list = loadSavedFilters().filter((f) => f.name !== name);
  localStorage.setItem(KEY, JSON.stringify(list));
  return list;
}
