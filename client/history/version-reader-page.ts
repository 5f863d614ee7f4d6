/**
 * The version reader (`/d/<docId>/history/<seq>`): the document as it stood at one log position,
 * set exactly as the editor sets it (numbers derived from position, the same styles) but
 * read-only. A banner says which version it is and links back to the history and on to the current
 * draft, and for a named (so published) version to its page in the public reading room; the
 * outline beside the text links to each article. An address that names no version of
 * the document gets the page message that says so.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { readingRoomUrl } from '../../shared/reading-room/reading-room-urls.ts';
import type { EditorView } from 'prosemirror-view';
import { documentOutline, type OutlineEntry } from '../../shared/schema/outline.ts';
import { jumpToUid } from '../editor/jump-to.ts';
import { ApiError, fetchDocuments } from '../session/api-client.ts';
import { el } from '../ui/element.ts';
import { showPageMessage } from '../ui/full-page-message.ts';
import type { Localizer } from '../ui/i18n.ts';
import { LanguageSwitch } from '../ui/language-switch.ts';
import { OutlineSidebar } from '../ui/outline-sidebar.ts';
import { HistoryApi, type NamedVersion, type Timeline, type VersionTextAnswer } from './history-api.ts';
import { createVersionView, versionDocument } from './version-view.ts';

export interface VersionReaderOptions {
  root: HTMLElement;
  i18n: Localizer;
  docId: string;
  /** The log position the address names; null when it names none. */
  seq: number | null;
  /** A sign-in link's token, or null when the session cookie signs the page in. */
  token: string | null;
}

interface LoadedVersion {
  answer: VersionTextAnswer;
  doc: PMNode;
  timeline: Timeline;
  title: string | null;
}

/**
 * Opens the reader. Refusals that concern the address (no such document, no such version) become
 * page messages here; anything else (signed out, server or network trouble) is thrown to the caller.
 */
export async function startVersionReader(options: VersionReaderOptions): Promise<void> {
  const { root, i18n, docId, seq, token } = options;
  if (seq === null) {
    showPageMessage(root, i18n, { kind: 'version-not-found', docId });
    return;
  }
  const api = new HistoryApi(docId, token);
  let loaded: LoadedVersion;
  try {
    const [answer, timeline, documents] = await Promise.all([
      api.version(seq),
      api.timeline(),
      // The title is a convenience; the version reads without it.
      fetchDocuments(token).catch((error: unknown) => {
        console.warn('carta: could not load the document title', error);
        return [];
      }),
    ]);
    // Never expected since the server refuses positions past its log instead of clamping them; kept as a guard.
    if (answer.seq !== seq) {
      showPageMessage(root, i18n, { kind: 'version-not-found', docId });
      return;
    }
    loaded = { answer, doc: versionDocument(answer.doc), timeline, title: documents.find((d) => d.id === docId)?.title ?? null };
  } catch (error) {
    // A position past the end of the log is refused (404 unknown-seq): no such version.
    if (error instanceof ApiError && error.id === 'unknown-seq') {
      showPageMessage(root, i18n, { kind: 'version-not-found', docId });
      return;
    }
    if (error instanceof ApiError && error.id === 'not-found') {
      showPageMessage(root, i18n, { kind: 'document-not-found', docId });
      return;
    }
    throw error;
  }
  new VersionReader(root, i18n, docId, loaded).render();
}

class VersionReader {
  private readonly language: LanguageSwitch;
  private readonly outline: OutlineSidebar;
  private readonly banner: HTMLElement;
  private readonly docTitle: HTMLElement;
  private readonly skipLink: HTMLAnchorElement;
  private readonly entries: OutlineEntry[];
  private readonly named: NamedVersion[];
  private view: EditorView | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly i18n: Localizer,
    private readonly docId: string,
    private readonly loaded: LoadedVersion,
  ) {
    this.language = new LanguageSwitch(i18n);
    this.entries = documentOutline(loaded.doc);
    // A position may carry several names; the banner shows the latest last.
    this.named = loaded.timeline.named.filter((v) => v.seq === loaded.answer.seq).sort((a, b) => a.createdAt - b.createdAt);
    this.outline = new OutlineSidebar(i18n, (uid) => this.goTo(uid));
    this.banner = el('section', { class: 'version-banner', 'aria-labelledby': 'version-title', 'data-testid': 'version-banner' });
    this.docTitle = el('span', { class: 'version-doc-title', 'data-testid': 'document-title' });
    this.skipLink = el('a', { class: 'skip-link', href: '#version-document' });
    this.skipLink.addEventListener('click', (event) => {
      event.preventDefault();
      this.view?.dom.focus();
    });
    i18n.onChange(() => this.localize());
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }

  private date(at: number | null): string {
    return at === null ? '' : new Date(at).toLocaleString(this.i18n.lang === 'es' ? 'es-MX' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
  }

  private get versionTitle(): string {
    const names = this.named.map((v) => v.name);
    return names.length > 0 ? this.t('version.title.named', { name: names.join(' · ') }) : this.t('version.title.position', { seq: this.loaded.answer.seq });
  }

  render(): void {
    const mount = el('div', { class: 'document-page' });
    const header = el(
      'header',
      { class: 'history-header' },
      el('a', { class: 'trace-brand', href: '/' }, 'Carta'),
      this.docTitle,
      this.language.element,
    );
    this.root.replaceChildren(
      el(
        'div',
        { class: 'version-reader', 'data-testid': 'version-reader' },
        this.skipLink,
        header,
        this.banner,
        el(
          'div',
          { class: 'version-columns' },
          el('div', { class: 'column-slot', id: 'col-outline' }, this.outline.element),
          el(
            'div',
            { class: 'column-slot', id: 'col-document' },
            el('main', { class: 'document column', id: 'version-document', tabindex: '-1', 'aria-labelledby': 'version-title' }, el('div', { class: 'document-scroll' }, mount)),
          ),
        ),
      ),
    );
    this.view = createVersionView({ mount, doc: this.loaded.doc, label: () => this.t('version.text.label', { version: this.versionTitle }) });
    this.outline.render(this.entries);
    this.localize();
    // An address with an anchor (shared from this page) opens at that place.
    const wanted = decodeURIComponent(window.location.hash.slice(1));
    const entry = this.entries.find((e) => e.eId === wanted);
    if (entry) this.scrollTo(entry);
  }

  private localize(): void {
    document.documentElement.lang = this.i18n.lang;
    document.title = this.t('version.pageTitle', { version: this.versionTitle });
    this.language.localize();
    this.outline.localize();
    this.skipLink.textContent = this.t('app.skipToDocument');
    this.docTitle.textContent = this.loaded.title ?? this.t('doc.fallbackTitle', { id: this.docId });
    this.banner.replaceChildren(...this.bannerContent());
    // The view reads its attributes (the accessible name) again at its next update.
    if (this.view) this.view.dispatch(this.view.state.tr.setMeta('carta-refresh', true));
  }

  private bannerContent(): HTMLElement[] {
    const { answer, timeline } = this.loaded;
    const latest = this.named.at(-1);
    const when = latest
      ? this.t('version.named.when', { date: this.date(latest.createdAt), seq: answer.seq })
      : this.t('version.position.when', { date: this.date(answer.at), seq: answer.seq });
    const current = this.docId === 'cdmx' ? '/' : `/d/${encodeURIComponent(this.docId)}`;
    return [
      el('h1', { id: 'version-title' }, this.versionTitle),
      el('p', { 'data-testid': 'version-when' }, when, answer.seq === timeline.current.seq ? ` ${this.t('version.isCurrent')}` : ''),
      latest?.note ? el('p', { class: 'history-note' }, latest.note) : null,
      el('p', { class: 'version-read-only', 'data-testid': 'version-read-only' }, el('strong', {}, this.t('version.readOnly.lead')), ' ', this.t('version.readOnly.body')),
      el(
        'nav',
        { class: 'version-links', 'aria-label': this.t('version.links') },
        el('a', { href: `/d/${encodeURIComponent(this.docId)}/history`, 'data-testid': 'back-to-history' }, this.t('version.backToHistory')),
        el('a', { href: current, 'data-testid': 'to-current-draft' }, this.t('version.toCurrent')),
        // Only a named position has a page in the reading room: named versions are what it publishes.
        latest
          ? el('a', { href: readingRoomUrl(this.docId, { kind: 'version', seq: answer.seq }, this.i18n.lang), 'data-testid': 'version-reading-room' }, this.t('version.readingRoom'))
          : null,
      ),
    ].filter((child): child is HTMLElement => child !== null);
  }

  /** From the outline: the text moves there and takes the focus, and the address names the place. */
  private goTo(uid: string): void {
    const entry = this.entries.find((e) => e.uid === uid);
    if (!entry || !this.view || !jumpToUid(this.view, uid)) return;
    window.history.replaceState(window.history.state, '', `#${encodeURIComponent(entry.eId)}`);
  }

  private scrollTo(entry: OutlineEntry): void {
    const dom = this.view?.nodeDOM(entry.pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' });
  }
}
