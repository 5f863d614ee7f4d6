/**
 * The reading room's table of contents: títulos, capítulos and artículos with their derived
 * numbers, as nested lists of links to the anchors in the text.
 */
import { html } from './escape-html.ts';
import type { TocEntry } from './render-document-html.ts';

function entryLink(entry: TocEntry): string {
  const label = entry.label === '' ? '' : `<span class="rr-num">${html(entry.label)}</span> `;
  return `<a href="#${html(entry.anchor)}">${label}${html(entry.heading)}</a>`;
}

/** Nested `<ol>`s from the flat, ordered entries (a deeper level opens a list inside the previous entry). */
export function renderTableOfContents(entries: readonly TocEntry[]): string {
  const out: string[] = ['<ol class="rr-toc-list">'];
  const open: number[] = [entries[0]?.level ?? 0];
  entries.forEach((entry, i) => {
    if (i > 0) {
      let top = open[open.length - 1] ?? 0;
      if (entry.level > top) {
        out.push('<ol>');
        open.push(entry.level);
      } else {
        out.push('</li>');
        while (entry.level < top && open.length > 1) {
          out.push('</ol></li>');
          open.pop();
          top = open[open.length - 1] ?? 0;
        }
      }
    }
    out.push(`<li>${entryLink(entry)}`);
  });
  if (entries.length > 0) out.push('</li>');
  while (open.length > 1) {
    out.push('</ol></li>');
    open.pop();
  }
  out.push('</ol>');
  return out.join('');
}
