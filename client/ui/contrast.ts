/**
 * WCAG 2 contrast. Each person's colour comes from the server; text drawn on it (initials, the name
 * on a remote cursor) must stay readable, so the text colour is chosen for contrast rather than
 * fixed.
 */

function channel(hex: string, offset: number): number {
  const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of a "#rrggbb" colour. */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** Contrast ratio between two "#rrggbb" colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Pure black: with any softer ink some mid-tone backgrounds reach AA with neither choice.
export const INK = '#000000';
export const PAPER = '#ffffff';

/**
 * The text colour (near-black or white) with more contrast on `background`. One of the two always
 * reaches at least 4.5:1, WCAG AA for normal text.
 */
export function readableTextOn(background: string): string {
  return contrastRatio(background, INK) >= contrastRatio(background, PAPER) ? INK : PAPER;
}
