/**
 * The provenance block under an article in the reading room: each linked source with its kind and
 * the link's relation, a passage link's quote, and a mark on generated sample data. Labels are in
 * the reader's language; quotes are constitution text (Spanish).
 */
import { translate, type Lang } from '../../shared/i18n/index.ts';
import type { ArticleSource } from './article-sources.ts';
import { html } from './escape-html.ts';

/** A quote longer than this is cut (the whole passage is in the text just above). */
const QUOTE_CHARS = 200;

function quoteOf(text: string): string {
  return text.length <= QUOTE_CHARS ? text : `${text.slice(0, QUOTE_CHARS).trimEnd()}…`;
}

function sourceItem(source: ArticleSource, lang: Lang): string {
  const href = `/sources/${encodeURIComponent(source.sourceId)}`;
  const parts = [`<a class="rr-source-title" href="${html(href)}">${html(source.title ?? source.sourceId)}</a>`];
  const facts: string[] = [];
  if (source.kind) facts.push(translate(lang, `source.kind.${source.kind}`));
  facts.push(translate(lang, `relation.${source.relation}`));
  parts.push(` <span class="rr-source-facts">${html(facts.join(' · '))}</span>`);
  if (source.sample) parts.push(` <span class="rr-source-sample">(${html(translate(lang, 'readingRoom.source.sample'))})</span>`);
  if (source.quote) {
    parts.push(` <span class="rr-source-passage">${html(translate(lang, 'readingRoom.source.passage'))} <q lang="es">${html(quoteOf(source.quote))}</q></span>`);
  }
  return `<li>${parts.join('')}</li>`;
}

/** The block for one article, or '' when nothing is linked to it. `id` names its label for assistive technology. */
export function renderArticleSources(sources: readonly ArticleSource[] | undefined, lang: Lang, id: string): string {
  if (!sources || sources.length === 0) return '';
  return (
    `<aside class="rr-sources" lang="${lang}" aria-labelledby="${html(id)}">` +
    `<p class="rr-sources-title" id="${html(id)}">${html(translate(lang, 'readingRoom.sources'))}</p>` +
    `<ul>${sources.map((source) => sourceItem(source, lang)).join('')}</ul></aside>`
  );
}
