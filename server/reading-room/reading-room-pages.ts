/**
 * Decides and renders what the public reading room answers: the newest published version (a named
 * version of the history), any published version by its log position, the live draft when the
 * document's setting allows it, the calm page before anything is published, or not found.
 *
 * A published version's text never changes, so its rendering (table of contents and text with
 * provenance) is kept in memory, bounded, keyed by document, log position, the moment it was
 * published (its provenance is the links as they stood then) and language. The sources it names can
 * be re-imported with a new title, so a kept rendering is checked against them (one query) before use.
 *
 * Each article's comment and support counts are public and change far more often than the text, so
 * the kept rendering leaves a place for them (slotted-text.ts) and a page is composed from it, the
 * counts of the moment (reading-room-counts.ts) and the page around the text (versions list, draft
 * link). The composed page — bytes and ETag — is kept too, per document, view and language, and
 * served again while the rendering, the page around it and the counts are all unchanged: counts
 * written through this server show within COUNTS_REFRESH_MS, counts written by another process
 * within COUNTS_MAX_AGE_MS.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Node as PMNode } from 'prosemirror-model';
import type { Lang } from '../../shared/i18n/index.ts';
import type { ProvenanceLink } from '../../shared/provenance/link-types.ts';
import { DOC_ID_PATTERN } from '../../shared/protocol/collab.ts';
import type { DocumentReader } from '../documents/document-reader.ts';
import { documentAt } from '../history/document-at.ts';
import type { CartaStore, VersionRecord } from '../storage/store.ts';
import { COUNTS_MAX_AGE_MS, COUNTS_REFRESH_MS, ReadingRoomCounts } from './reading-room-counts.ts';
import { articleSources, currentSourcesStamp } from './article-sources.ts';
import { BoundedCache } from './bounded-cache.ts';
import { type DocumentContext, notFoundPage, nothingPublishedPage, type NotFoundReason, type PublishedVersion, textPage } from './reading-room-page.ts';
import { readingRoomSettings } from './reading-room-settings.ts';
import { READING_ROOM_PREFIX, type ReadingView, readingRoomUrl } from '../../shared/reading-room/reading-room-urls.ts';
import { renderArticleResponses } from './render-article-responses.ts';
import { renderDocumentHtml } from './render-document-html.ts';
import { renderTableOfContents } from './render-table-of-contents.ts';
import { fillSlots, type SlottedText, slottedLength } from './slotted-text.ts';

/**
 * How a page was made, for the Server-Timing header and the benchmarks: served whole as kept,
 * composed from a kept rendering (the counts or the page around the text changed), rendered from
 * the document, or a small message page (nothing published, not found) made every time.
 */
export type PageMaking = 'kept' | 'composed' | 'rendered' | 'message';

export interface ReadingRoomAnswer {
  status: 200 | 404;
  /** The page as UTF-8 bytes: a kept page is sent without encoding it again. */
  body: Buffer;
  /** A strong validator of the whole page (null for not found). */
  etag: string | null;
  cacheControl: string;
  made: PageMaking;
  /**
   * The same bytes gzip-compressed, for readers that accept it (every browser): the constitution's
   * page is about a sixth of its size so, which is what a phone waits for and what bounds how many
   * pages a second the server can send. Compressed once per composed page, on its first request, off
   * the event loop; null for the small message pages.
   */
  gzipped: (() => Promise<Buffer>) | null;
}

const gzipAsync = promisify(gzip);

/**
 * zlib's level 4: the constitution's page (0.6 MB) in about 6 ms of one core to about 140 KB, where
 * level 6 takes twice the time for 7 % fewer bytes. A page is compressed again each time it is
 * composed (on its first request that accepts gzip).
 */
const GZIP_LEVEL = 4;

/** Compresses `body` on the first call and answers every later call with the same bytes. */
function lazyGzip(body: Buffer): () => Promise<Buffer> {
  let made: Promise<Buffer> | null = null;
  return () => {
    made ??= gzipAsync(body, { level: GZIP_LEVEL }).catch((error: unknown) => {
      // Not kept: the next request tries again rather than failing for the page's lifetime.
      made = null;
      throw error;
    });
    return made;
  };
}

interface RenderedText {
  tocHtml: string;
  text: SlottedText;
  articleCount: number;
  sourceIds: readonly string[];
  sourcesStamp: string;
}

/** A page as sent, with what it was composed from, to tell whether it is still true. */
interface ComposedPage {
  rendered: RenderedText;
  /** Everything else the page shows (title, versions, draft setting, the draft's time), in one string. */
  context: string;
  countsGeneration: number;
  answer: ReadingRoomAnswer;
}

export interface ReadingRoomOptions {
  /** Renderings kept (each language of each version is one). */
  cacheEntries?: number;
  /** Size of the renderings kept in all (bytes of the text, characters of the contents); the constitution is about 0.6 million per rendering. */
  cacheChars?: number;
  /** Composed pages kept (each language of each view of each document is one). */
  pageEntries?: number;
  /** Bytes of composed pages kept in all, their gzip forms included (the constitution's page is about 0.6 MB, 0.75 MB so). */
  pageBytes?: number;
  /** How old the shown counts may be after a write through this server, and after any other (reading-room-counts.ts). */
  countsRefreshMs?: number;
  countsMaxAgeMs?: number;
}

const VERSION_CACHE_CONTROL = 'public, max-age=60';
const REVALIDATE = 'public, no-cache';

/** Every naming, oldest first. One text may be named twice; its page then speaks of the later naming. */
function publishedVersions(named: readonly VersionRecord[]): PublishedVersion[] {
  return named
    .map((v) => ({ seq: v.seq, name: v.name, note: v.note, createdAt: v.createdAt }))
    .sort((a, b) => a.seq - b.seq || a.createdAt - b.createdAt);
}

/**
 * Where the text goes in the page around it. It cannot occur in what the page shows: every text
 * there passes through `html`, which escapes "<".
 */
const TEXT_PLACE = '<carta-text-goes-here>';

const etagOf = (page: string | Buffer): string => `"rr-${createHash('sha256').update(page).digest('base64url').slice(0, 27)}"`;

export class ReadingRoomPages {
  private readonly cache: BoundedCache<RenderedText>;
  private readonly rendering = new Map<string, Promise<RenderedText>>();
  private readonly pages: BoundedCache<ComposedPage>;
  private readonly counts: ReadingRoomCounts;

  constructor(
    private readonly store: CartaStore,
    private readonly reader: DocumentReader,
    private readonly stylesheetHref: string,
    options: ReadingRoomOptions = {},
  ) {
    this.cache = new BoundedCache(options.cacheEntries ?? 24, options.cacheChars ?? 24_000_000);
    this.pages = new BoundedCache(options.pageEntries ?? 24, options.pageBytes ?? 16_000_000);
    this.counts = new ReadingRoomCounts(store.comments, { refreshMs: options.countsRefreshMs ?? COUNTS_REFRESH_MS, maxAgeMs: options.countsMaxAgeMs ?? COUNTS_MAX_AGE_MS });
  }

  /** Told after a comment or stance on the document was written (before the writer is answered). */
  commentsChanged(docId: string): void {
    this.counts.invalidate(docId);
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
      const { rendered, fresh } = await this.rendered(key, async () => this.render(snapshot.doc, await this.store.links.listLinks({ docId }), lang));
      const at = (await this.store.readUpdateRange(docId, snapshot.seq - 1, snapshot.seq))[0]?.receivedAt ?? null;
      return this.composed(`${docId}\ndraft\n${lang}`, { rendered, fresh, context, extra: String(at), cacheControl: REVALIDATE }, (textHtml) =>
        textPage({ context, view: { kind: 'draft', at }, tocHtml: rendered.tocHtml, textHtml }),
      );
    }

    const latest = versions.at(-1);
    if (view.kind === 'latest' && !latest) return this.page(nothingPublishedPage(context), REVALIDATE);
    const version = view.kind === 'latest' ? latest : versions.findLast((v) => v.seq === view.seq);
    if (!version) return this.notFound(lang, { kind: 'version', context }, otherHref);
    const key = `${docId}\nversion\n${version.seq}\n${version.createdAt}\n${lang}`;
    const { rendered, fresh } = await this.rendered(key, async () => {
      const at = await documentAt(this.store, docId, version.seq);
      try {
        // Provenance as published: the links as they stood when the version was named.
        return await this.render(at.doc, await this.store.links.linksAt(docId, version.createdAt), lang);
      } finally {
        at.ydoc.destroy();
      }
    });
    const pageKey = view.kind === 'latest' ? `${docId}\nlatest\n${lang}` : `${docId}\nv${version.seq}\n${lang}`;
    const cacheControl = view.kind === 'latest' ? REVALIDATE : VERSION_CACHE_CONTROL;
    return this.composed(pageKey, { rendered, fresh, context, extra: '', cacheControl }, (textHtml) =>
      textPage({ context, view: { kind: 'version', version, latest: version === latest, viaLatest: view.kind === 'latest' }, tocHtml: rendered.tocHtml, textHtml }),
    );
  }

  /** The not-found page for a request that names no document at all (a malformed address). */
  notFoundAddress(lang: Lang): ReadingRoomAnswer {
    return this.notFound(lang, { kind: 'document', docId: '' }, langOnly(otherLang(lang)));
  }

  /** A small page made on every request (nothing published yet). */
  private page(html: string, cacheControl: string): ReadingRoomAnswer {
    return { status: 200, body: Buffer.from(html), etag: etagOf(html), cacheControl, made: 'message', gzipped: null };
  }

  private notFound(lang: Lang, reason: NotFoundReason, otherLangHref: string): ReadingRoomAnswer {
    return { status: 404, body: Buffer.from(notFoundPage(lang, reason, this.stylesheetHref, otherLangHref)), etag: null, cacheControl: 'no-cache', made: 'message', gzipped: null };
  }

  /**
   * The page at `pageKey` as kept, when it was composed from this rendering, the same page around
   * it and the counts of now; else composed again with the counts of now, and kept.
   */
  private async composed(
    pageKey: string,
    from: { rendered: RenderedText; fresh: boolean; context: DocumentContext; extra: string; cacheControl: string },
    page: (textHtml: string) => string,
  ): Promise<ReadingRoomAnswer> {
    const { rendered, context } = from;
    const counts = await this.counts.of(context.docId);
    const contextStamp = JSON.stringify([context.title, context.versions, context.draftAllowed, context.stylesheetHref, from.extra]);
    const kept = this.pages.get(pageKey);
    if (kept && kept.rendered === rendered && kept.context === contextStamp && kept.countsGeneration === counts.generation) return { ...kept.answer, made: 'kept' };
    // The page around the text, split where the text goes: the text itself is kept as bytes.
    const [before = '', after = ''] = page(TEXT_PLACE).split(TEXT_PLACE);
    const body = fillSlots(rendered.text, (uid) => renderArticleResponses(uid, counts.byArticle.get(uid), context.lang), before, after);
    const answer: ReadingRoomAnswer = { status: 200, body, etag: etagOf(body), cacheControl: from.cacheControl, made: from.fresh ? 'rendered' : 'composed', gzipped: lazyGzip(body) };
    // Weighed with its gzip form, about a quarter of the page, which it holds once a reader asked for it.
    this.pages.set(pageKey, { rendered, context: contextStamp, countsGeneration: counts.generation, answer }, Math.ceil(body.length * 1.25));
    return answer;
  }

  private async render(doc: PMNode, links: readonly ProvenanceLink[], lang: Lang): Promise<RenderedText> {
    const sources = await articleSources(this.store, links);
    const rendered = renderDocumentHtml(doc, { lang, sources: sources.byArticle });
    return { tocHtml: renderTableOfContents(rendered.toc), text: rendered.text, articleCount: rendered.articleCount, sourceIds: sources.sourceIds, sourcesStamp: sources.stamp };
  }

  /** The kept rendering when its sources are unchanged, else a new one (one at a time per key); `fresh` when made for this call. */
  private async rendered(key: string, render: () => Promise<RenderedText>): Promise<{ rendered: RenderedText; fresh: boolean }> {
    const kept = this.cache.get(key);
    if (kept && (await currentSourcesStamp(this.store, kept.sourceIds)) === kept.sourcesStamp) return { rendered: kept, fresh: false };
    const running = this.rendering.get(key);
    if (running) return { rendered: await running, fresh: true };
    const next = render().finally(() => this.rendering.delete(key));
    this.rendering.set(key, next);
    const done = await next;
    this.cache.set(key, done, slottedLength(done.text) + done.tocHtml.length);
    return { rendered: done, fresh: true };
  }
}

const otherLang = (lang: Lang): Lang => (lang === 'es' ? 'en' : 'es');
const langOnly = (lang: Lang): string => (lang === 'es' ? READING_ROOM_PREFIX : `${READING_ROOM_PREFIX}?lang=${lang}`);
