/**
 * Which parts of a comment body become links. Bodies are plain text exactly as their authors wrote
 * them (HTML, `javascript:` and all: docs/api.md); only `http://` and `https://` addresses turn into
 * links, so no other scheme (javascript:, data:, vbscript:, file:, …) can ever reach an `href`.
 * DOM-free, so the split is tested in Node; comment-body-view.ts turns it into nodes.
 */

export type BodySegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// An address starts at http:// or https:// not glued to a preceding letter or digit ("xhttps://" is
// not one) and runs to the next space or character that never belongs to a bare address.
const ADDRESS = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"'`{}|\\^]+/giu;
// Punctuation that usually ends the sentence around an address rather than the address itself.
const TRAILING = /[.,;:!?¡¿…]$/u;

/** Drops closing brackets the address did not open ("(see https://a.org/x)") and sentence punctuation after it. */
function trimAddress(raw: string): string {
  let text = raw;
  for (;;) {
    if (TRAILING.test(text)) {
      text = text.slice(0, -1);
      continue;
    }
    const last = text.at(-1);
    const pairs: Record<string, string> = { ')': '(', ']': '[' };
    const open = last === undefined ? undefined : pairs[last];
    if (open !== undefined && count(text, last as string) > count(text, open)) {
      text = text.slice(0, -1);
      continue;
    }
    return text;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** The address as an href, or null when it does not parse as an http(s) URL with a host. */
export function safeHref(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  return url.href;
}

/** The body cut into text and http(s) links, in order; the segments' texts joined are the body, unchanged. */
export function bodySegments(body: string): BodySegment[] {
  const out: BodySegment[] = [];
  const pushText = (text: string): void => {
    if (text === '') return;
    const last = out.at(-1);
    if (last?.kind === 'text') last.text += text;
    else out.push({ kind: 'text', text });
  };
  let at = 0;
  for (const match of body.matchAll(ADDRESS)) {
    const start = match.index;
    const text = trimAddress(match[0]);
    const href = safeHref(text);
    pushText(body.slice(at, start));
    if (href === null) pushText(text);
    else out.push({ kind: 'link', text, href });
    at = start + text.length;
  }
  pushText(body.slice(at));
  return out;
}
