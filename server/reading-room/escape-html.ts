/**
 * The one escaping helper of the reading room. Every piece of text that reaches its HTML — the
 * constitution, headings, source titles, version names and notes, document ids, URLs — goes through
 * `html`, in element content and in double-quoted attributes alike, so a `<script>` or a quote in
 * any of them stays text.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text, safe inside an element or a double-quoted attribute value. */
export function html(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
