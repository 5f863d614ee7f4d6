/**
 * Each person's colour (cursor, presence initials). Chosen from a palette whose every colour has at
 * least 4.5:1 contrast against white, so white initials on it and the coloured text on the page's
 * white background both meet WCAG AA. The colour is derived from the user id, so it is stable.
 */
export const USER_COLORS = [
  '#1f5fa8', // blue
  '#a4262c', // red
  '#107c41', // green
  '#8a3ffc', // violet
  '#b3590d', // burnt orange
  '#00707a', // teal
  '#c21d6b', // magenta
  '#5c5c00', // olive
  '#6b4e16', // brown
  '#3a4b9c', // indigo
] as const;

/** The stable colour of a user. */
export function colorForUser(userId: string): string {
  let hash = 2166136261;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length] ?? USER_COLORS[0];
}
