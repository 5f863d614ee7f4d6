/**
 * Imported text is stored as text: HTML and script tags stay exactly as written (the pages that show
 * them escape them), but invisible control characters are removed, because they only ever arrive by
 * accident (NUL from a binary paste, stray escape codes) and can break terminals, CSV exports and
 * search. Newlines and tabs are kept; CRLF becomes LF so re-imports from another OS compare equal.
 */
// C0 controls except tab (09) and line feed (0A), DEL, and the C1 controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}
