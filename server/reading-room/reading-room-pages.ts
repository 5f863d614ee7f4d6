/**
 * Decides and renders what the public reading room answers: the newest published version (a named
 * version of the history), any published version by its log position, the live draft when the
 * document's setting allows it, the calm page before anything is published, or not found.
 *
 * A published version's text never changes, so its rendering (table of contents and text with
 * provenance) is kept in memory, bounded, keyed by document, log position, the moment it was
 * published (its provenance is the links as they stood then) and language. The sources it names can
 * be re-imported with a new title, so a kept rendering is checked against them (one query) before use.
 * The page around it (versions list, draft link) is composed per request: it is small.
 */
import { createHash } from 'node:crypto';
import type { Node as PMNode } from 'prosemirror-model';
import type { Lang } from '../../shared/i18n/index.ts';
import type { ProvenanceLink } from '../../shared/provenance/link-types.ts';
import { DOC_ID_PATTERN } from '../../shared/protocol/collab.ts';
import type { DocumentReader } from '../documents/document-reader.ts';
import { documentAt } from '../history/document-at.ts';
import type { CartaStore, VersionRecord } from '../storage/store.ts';
import { articleSources, currentSourcesStamp } from './article-sources.ts';
import { BoundedCache } from './bounded-cache.ts';
import { type DocumentContext, notFoundPage, nothingPublishedPage, type NotFoundReason, type PublishedVersion, textPage } from './reading-room-page.ts';
import { readingRoomSettings } from './reading-room-settings.ts';
import { READING_ROOM_PREFIX, type ReadingView, readingRoomUrl } from './reading-room-urls.ts';
import { renderDocumentHtml } from './render-document-html.ts';
import { renderTableOfContents } from './render-table-of-contents.ts';

export interface ReadingRoomAnswer {
  status: 200 | 404;
  html: string;
  /** A strong validator of the whole page (null for not found). */
  etag: string | null;
  cacheControl: string;
}

interface RenderedText {
  tocHtml: string;
  textHtml: string;
  articleCount: number;
  sourceIds: readonly string[];
  sourcesStamp: string;
}

export interface ReadingRoomOptions {
  /** Renderings kept (each language of each version is one). */
  cacheEntries?: number;
  /** Characters of HTML kept in all; the constitution is about 0.6 million per rendering. */
  cacheChars?: number;
}

const VERSION_CACHE_CONTROL = 'public, max-age=60';
const REVALIDATE = 'public, no-cache';

/** Every naming, oldest first. One text may be named twice; its page then speaks of the later naming. */
function publishedVersions(named: readonly VersionRecord[]): PublishedVersion[] {
  return named
    .map((v) => ({ seq: v.seq, name: v.name, note: v.note, createdAt: v.createdAt }))
    .sort((a, b) => a.seq - b.seq || a.createdAt - b.createdAt);
}

const etagOf = (page: string): string => `"rr-${createHash('sha256').update(page).digest('base64url').slice(0, 27)}"`;

export class ReadingRoomPages {
  private readonly cache: BoundedCache<RenderedText>;
  private readonly rendering = new Map<string, Promise<RenderedText>>();

  constructor(
    private readonly store: CartaStore,
    private readonly reader: DocumentReader,
    private readonly stylesheetHref: string,
    options: ReadingRoomOptions = {},
  ) {
    this.cache = new BoundedCache(options.cacheEntries ?? 24, options.cacheChars ?? 24_000_000);
  }

  async answer(docId: string, view: ReadingView, lang: Lang): Promise<ReadingRoomAnswer> {
    const record = DOC_ID_PATTERN.test(docId) ? await this.store.getDocument(docId) : null;
    if (!record) return this.notFound(lang, { kind: 'document', docId: docId.slice(0, 100) }, DOC_ID_PATTERN.test(docId) ? readingRoomUrl(docId, view, otherLang(lang)) : langOnly(otherLang(lang)));
    const versions = publishedVersions(await this.store.listVersions(docId));
    const context: DocumentContext = {
      lang,
      docId,
      title: record.title,
      versions,
      draftAllowed: (await readingRoomSettings(this.store, docId)).liveDraft,
      stylesheetHref: this.stylesheetHref,
    };
    const otherHref = readingRoomUrl(docId, view, otherLang(lang));

    if (view.kind === 'draft') {
      if (!context.draftAllowed) return this.notFound(lang, { kind: 'draft', context }, otherHref);
      const snapshot = await this.reader.read(docId);
      if (!snapshot) return this.notFound(lang, { kind: 'document', docId }, otherHref);
      const key = `${docId}\ndraft\n${snapshot.seq}\n${await this.store.links.linksVersion()}\n${lang}`;
      const rendered = await this.rendered(key, async () => this.render(snapshot.doc, await this.store.links.listLinks({ docId }), lang));
      const at = (await this.store.readUpdateRange(docId, snapshot.seq - 1, snapshot.seq))[0]?.receivedAt ?? null;
      return this.page(textPage({ context, view: { kind: 'draft', at }, ...rendered }), REVALIDATE);
    }

    const latest = versions.at(-1);
    if (view.kind === 'latest' && !latest) return this.page(nothingPublishedPage(context), REVALIDATE);
    const version = view.kind === 'latest' ? latest : versions.findLast((v) => v.seq === view.seq);
    if (!version) return this.notFound(lang, { kind: 'version', context }, otherHref);
    const key = `${docId}\nversion\n${version.seq}\n${version.createdAt}\n${lang}`;
    const rendered = await this.rendered(key, async () => {
      const at = await documentAt(this.store, docId, version.seq);
      try {
        // Provenance as published: the links as they stood when the version was named.
        return await this.render(at.doc, await this.store.links.linksAt(docId, version.createdAt), lang);
      } finally {
        at.ydoc.destroy();
      }
    });
    const html = textPage({ context, view: { kind: 'version', version, latest: version === latest, viaLatest: view.kind === 'latest' }, ...rendered });
    return this.page(html, view.kind === 'latest' ? REVALIDATE : VERSION_CACHE_CONTROL);
  }

  /** The not-found page for a request that names no document at all (a malformed address). */
  notFoundAddress(lang: Lang): ReadingRoomAnswer {
    return this.notFound(lang, { kind: 'document', docId: '' }, langOnly(otherLang(lang)));
  }

  private page(html: string, cacheControl: string): ReadingRoomAnswer {
    return { status: 200, html, etag: etagOf(html), cacheControl };
  }

  private notFound(lang: Lang, reason: NotFoundReason, otherLangHref: string): ReadingRoomAnswer {
    return { status: 404, html: notFoundPage(lang, reason, this.stylesheetHref, otherLangHref), etag: null, cacheControl: 'no-cache' };
  }

  private async render(doc: PMNode, links: readonly ProvenanceLink[], lang: Lang): Promise<RenderedText> {
    const sources = await articleSources(this.store, links);
    const rendered = renderDocumentHtml(doc, { lang, sources: sources.byArticle });
    return { tocHtml: renderTableOfContents(rendered.toc), textHtml: rendered.html, articleCount: rendered.articleCount, sourceIds: sources.sourceIds, sourcesStamp: sources.stamp };
  }

  /** The kept rendering when its sources are unchanged, else a new one (one at a time per key). */
  private async rendered(key: string, render: () => Promise<RenderedText>): Promise<RenderedText> {
    const kept = this.cache.get(key);
    if (kept && (await currentSourcesStamp(this.store, kept.sourceIds)) === kept.sourcesStamp) return kept;
    const running = this.rendering.get(key);
    if (running) return running;
    const next = render().finally(() => this.rendering.delete(key));
    this.rendering.set(key, next);
    const done = await next;
    this.cache.set(key, done, done.textHtml.length + done.tocHtml.length);
    return done;
  }
}

const otherLang = (lang: Lang): Lang => (lang === 'es' ? 'en' : 'es');
const langOnly = (lang: Lang): string => (lang === 'es' ? READING_ROOM_PREFIX : `${READING_ROOM_PREFIX}?lang=${lang}`);
