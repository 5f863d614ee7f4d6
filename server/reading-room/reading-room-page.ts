/**
 * The reading room's pages around the rendered text: the shell (header with the room's navigation
 * and the language switch, footer), a document page (title, which version this is, table of
 * contents, text, published versions), the calm page shown before anything is published, and the
 * not-found page. Pure functions of what they are given; every text goes through `html`.
 */
import { type Lang, translate } from '../../shared/i18n/index.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { html } from './escape-html.ts';
import { type ReadingView, readingRoomUrl } from '../../shared/reading-room/reading-room-urls.ts';

export interface PublishedVersion {
  seq: number;
  name: string;
  note: string;
  createdAt: number;
}

/** What every page of one document knows about it. */
export interface DocumentContext {
  lang: Lang;
  docId: string;
  title: string;
  /** Every naming of a version, oldest first (a log position named twice appears twice). */
  versions: readonly PublishedVersion[];
  draftAllowed: boolean;
  stylesheetHref: string;
}

const t = (lang: Lang, key: MessageKey, params?: Record<string, string | number>): string => html(translate(lang, key, params));

/** A message whose `{placeholders}` take HTML made here (a <time>, an escaped name); the rest is escaped. */
function tHtml(lang: Lang, key: MessageKey, parts: Record<string, string>): string {
  return translate(lang, key)
    .split(/(\{\w+\})/)
    .map((piece) => {
      const name = /^\{(\w+)\}$/.exec(piece)?.[1];
      return name !== undefined && name in parts ? (parts[name] ?? '') : html(piece);
    })
    .join('');
}

function formatDate(lang: Lang, at: number, withTime = false): string {
  const format = new Intl.DateTimeFormat(lang === 'es' ? 'es-MX' : 'en-US', { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'UTC' });
  return `${format.format(new Date(at))}${withTime ? ' UTC' : ''}`;
}

const dateHtml = (lang: Lang, at: number, withTime = false): string => `<time datetime="${html(new Date(at).toISOString())}">${html(formatDate(lang, at, withTime))}</time>`;

interface ShellInput {
  lang: Lang;
  pageTitle: string;
  stylesheetHref: string;
  /** The same page in the other language. */
  otherLangHref: string;
  /** Navigation within the room; absent on a page for an unknown document. */
  context?: DocumentContext;
  current?: ReadingView['kind'];
  /** Whether the page lists the published versions (the navigation then points to the list). */
  listsVersions?: boolean;
  body: string;
}

function navigation(input: ShellInput): string {
  const { context, lang } = input;
  if (!context) return '';
  const link = (href: string, key: MessageKey, current: boolean): string =>
    `<a href="${html(href)}"${current ? ' aria-current="page"' : ''}>${t(lang, key)}</a>`;
  const links: string[] = [];
  links.push(link(readingRoomUrl(context.docId, { kind: 'latest' }, lang), 'readingRoom.nav.published', input.current === 'latest'));
  if (context.draftAllowed) links.push(link(readingRoomUrl(context.docId, { kind: 'draft' }, lang), 'readingRoom.nav.draft', input.current === 'draft'));
  if (input.listsVersions) links.push(link('#versiones', 'readingRoom.nav.versions', false));
  links.push(link('/sources', 'readingRoom.nav.sources', false));
  return `<nav class="rr-nav" aria-label="${t(lang, 'readingRoom.nav.label')}">${links.join('')}</nav>`;
}

function shell(input: ShellInput): string {
  const { lang } = input;
  const other: Lang = lang === 'es' ? 'en' : 'es';
  const home = input.context ? readingRoomUrl(input.context.docId, { kind: 'latest' }, lang) : '/';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(input.pageTitle)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${html(input.stylesheetHref)}">
</head>
<body class="reading-room">
<a class="rr-skip-link" href="#texto">${t(lang, 'readingRoom.skipToText')}</a>
<header class="rr-header">
<a class="rr-brand" href="${html(home)}">${t(lang, 'app.name')} <span class="rr-room-name">${t(lang, 'readingRoom.name')}</span></a>
${navigation(input)}
<a class="rr-lang" href="${html(input.otherLangHref)}" hreflang="${other}" lang="${other}" title="${t(lang, 'readingRoom.lang.label')}">${t(lang, 'readingRoom.lang.switch')}</a>
</header>
${input.body}
<footer class="rr-footer"><p>${t(lang, 'readingRoom.footer')}</p></footer>
</body>
</html>
`;
}

function versionList(context: DocumentContext, currentSeq: number | null): string {
  if (context.versions.length === 0) return '';
  const { lang } = context;
  const items = [...context.versions].reverse().map((version) => {
    const current = version.seq === currentSeq;
    const note = version.note === '' ? '' : `<p class="rr-version-note">${html(version.note)}</p>`;
    const href = readingRoomUrl(context.docId, { kind: 'version', seq: version.seq }, lang);
    return (
      `<li${current ? ' class="rr-version-current"' : ''}><a href="${html(href)}"${current ? ' aria-current="page"' : ''}>${html(version.name)}</a> ` +
      `<span class="rr-version-date">${t(lang, 'readingRoom.versions.date', { date: formatDate(lang, version.createdAt) })}</span>` +
      `${current ? ` <span class="rr-version-this">(${t(lang, 'readingRoom.versions.this')})</span>` : ''}${note}</li>`
    );
  });
  return `<section class="rr-versions" id="versiones" aria-labelledby="rr-versions-title"><h2 id="rr-versions-title">${t(lang, 'readingRoom.versions')}</h2><ol>${items.join('')}</ol></section>`;
}

/** A page showing a text: a published version, or the live draft. */
export interface TextPageInput {
  context: DocumentContext;
  view: { kind: 'version'; version: PublishedVersion; latest: boolean; viaLatest: boolean } | { kind: 'draft'; at: number | null };
  /** The table of contents and the text, already rendered (they are cached between requests). */
  tocHtml: string;
  textHtml: string;
}

export function textPage(input: TextPageInput): string {
  const { context, view } = input;
  const { lang } = context;
  const status: string[] = [];
  let currentSeq: number | null = null;
  let here: ReadingView;
  if (view.kind === 'version') {
    currentSeq = view.version.seq;
    here = view.viaLatest ? { kind: 'latest' } : { kind: 'version', seq: view.version.seq };
    const latestHref = readingRoomUrl(context.docId, { kind: 'latest' }, lang);
    const where = view.latest ? t(lang, 'readingRoom.latest') : `${t(lang, 'readingRoom.newer')} <a href="${html(latestHref)}">${t(lang, 'readingRoom.newer.link')}</a>`;
    const published = tHtml(lang, 'readingRoom.published', { name: html(view.version.name), date: dateHtml(lang, view.version.createdAt) });
    status.push(`<p class="rr-status">${published} ${where}</p>`);
    if (view.version.note !== '') status.push(`<p class="rr-note"><span class="rr-note-label">${t(lang, 'readingRoom.note')}</span> ${html(view.version.note)}</p>`);
  } else {
    here = { kind: 'draft' };
    const asOf = view.at === null ? '' : ` ${tHtml(lang, 'readingRoom.draft.asOf', { date: dateHtml(lang, view.at, true) })}`;
    status.push(`<p class="rr-status rr-draft-banner"><strong>${t(lang, 'readingRoom.draft.lead')}</strong> ${t(lang, 'readingRoom.draft.body')}${asOf}</p>`);
  }
  const otherLang: Lang = lang === 'es' ? 'en' : 'es';
  const body = `<main class="rr-layout">
<div class="rr-doc-head"><h1 lang="es" id="rr-title">${html(context.title)}</h1>${status.join('')}</div>
<nav class="rr-toc" aria-labelledby="rr-toc-title"><h2 id="rr-toc-title">${t(lang, 'readingRoom.toc')}</h2>${input.tocHtml}</nav>
<article class="rr-text" id="texto" lang="es" aria-labelledby="rr-title">
${input.textHtml}
</article>
${versionList(context, currentSeq)}
</main>`;
  const pageTitle = translate(lang, view.kind === 'draft' ? 'readingRoom.pageTitle.draft' : 'readingRoom.pageTitle', { title: context.title });
  return shell({
    lang,
    pageTitle,
    stylesheetHref: context.stylesheetHref,
    otherLangHref: readingRoomUrl(context.docId, here, otherLang),
    context,
    current: here.kind,
    listsVersions: context.versions.length > 0,
    body,
  });
}

/** The calm page shown while nothing is published (with the draft's link when it is public). */
export function nothingPublishedPage(context: DocumentContext): string {
  const { lang } = context;
  const draft = context.draftAllowed ? `<p><a href="${html(readingRoomUrl(context.docId, { kind: 'draft' }, lang))}">${t(lang, 'readingRoom.draft.link')}</a></p>` : '';
  const body = `<main class="rr-message" id="texto">
<h1 lang="es">${html(context.title)}</h1>
<h2>${t(lang, 'readingRoom.nothing.title')}</h2>
<p>${t(lang, 'readingRoom.nothing.body', { title: context.title })}</p>
${draft}
</main>`;
  return shell({
    lang,
    pageTitle: translate(lang, 'readingRoom.pageTitle', { title: context.title }),
    stylesheetHref: context.stylesheetHref,
    otherLangHref: readingRoomUrl(context.docId, { kind: 'latest' }, lang === 'es' ? 'en' : 'es'),
    context,
    current: 'latest',
    body,
  });
}

export type NotFoundReason = { kind: 'document'; docId: string } | { kind: 'version'; context: DocumentContext } | { kind: 'draft'; context: DocumentContext };

/** The page for an address the room does not have: an unknown document, an unpublished position, a draft that is not public. */
export function notFoundPage(lang: Lang, reason: NotFoundReason, stylesheetHref: string, otherLangHref: string): string {
  const context = reason.kind === 'document' ? undefined : reason.context;
  const message =
    reason.kind === 'document'
      ? t(lang, 'readingRoom.notFound.document', { id: reason.docId })
      : t(lang, reason.kind === 'version' ? 'readingRoom.notFound.version' : 'readingRoom.notFound.draft', { title: reason.context.title });
  const back =
    context && context.versions.length > 0
      ? `<p><a href="${html(readingRoomUrl(context.docId, { kind: 'latest' }, lang))}">${t(lang, 'readingRoom.notFound.toPublished')}</a></p>`
      : '';
  const body = `<main class="rr-message" id="texto">
<h1>${t(lang, 'readingRoom.notFound.title')}</h1>
<p>${message}</p>
${back}
</main>`;
  return shell({
    lang,
    pageTitle: translate(lang, 'readingRoom.pageTitle.notFound'),
    stylesheetHref,
    otherLangHref,
    ...(context ? { context } : {}),
    body,
  });
}
