/** Colours of the charts: the app's calm teal, a warm contrast and greys; all at least 3:1 against white. */
export const chartColors = {
  primary: '#1d5c63',
  accent: '#b4530a',
  muted: '#6b7780',
  grid: '#e3dfd6',
} as const;

/** ratingColors give each "did it help?" answer its colour: teal for helping, lighter for a bit, warm for not, grey for stopped. */
export const ratingColors = {
  helps: chartColors.primary,
  helps_a_bit: '#5f9ea5',
  does_not_help: chartColors.accent,
  stopped: chartColors.muted,
} as const;
