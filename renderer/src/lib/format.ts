// Formatting for dense tables, the status bar and messages.
const integer = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => integer.format(n);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function platformName(platform: string): string {
  const names: Record<string, string> = { win32: 'Windows', darwin: 'macOS', linux: 'Linux' };
  return names[platform] ?? platform;
}

/** Service messages start in lower case ("no such file: …"); shown alone they read as a sentence. */
export const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
