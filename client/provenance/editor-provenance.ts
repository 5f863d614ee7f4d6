/**
 * Provenance in the drafting room, wired together: the "link to source" command and its dialog, the
 * marks of linked passages, and the panel in the margin. The marks and the panel are loaded again
 * after this person's own changes to links, when the server announces that the document's links
 * changed (the page passes the `links-changed` notice to `refreshLinks()`), a moment after a mark
 * stops resolving here (the server may find its text again where it stood: a moved article, an
 * undone deletion), and when the window regains focus; nothing polls.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { Command, EditorState, Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import type { ResolvedLink } from '../../shared/provenance/link-types.ts';
import { documentOutline } from '../../shared/schema/outline.ts';
import { ancestorOf } from '../editor/commands/structure-context.ts';
import type { Me } from '../session/api-client.ts';
import type { Localizer } from '../ui/i18n.ts';
import { LINKABLE_ARTICLES } from './article-positions.ts';
import { LinkDialog } from './link-dialog.ts';
import { type LinkLabels, linkDecorationsPlugin, setLinks } from './link-decorations.ts';
import { ProvenanceApi } from './provenance-api.ts';
import { ProvenancePanel } from './provenance-panel.ts';
import { linkTarget } from './selection-passage.ts';

/**
 * How long the text must be still after a mark stopped resolving before the server is asked again:
 * long enough that typing in an article with an orphaned passage asks once, at the pause.
 */
const STALE_DELAY_MS = 800;

/** Roles that may create, retire and re-anchor links (the server's policy says the same). */
export function mayLink(me: Me): boolean {
  return me.role === 'member' || me.role === 'admin';
}

export interface EditorProvenanceOptions {
  i18n: Localizer;
  me: Me;
  /** A sign-in link's token, or null when the session cookie signs the page in. */
  token: string | null;
  docId: string;
  fragment: Y.XmlFragment;
  view: () => EditorView | null;
  /** A short visible and announced message (why the command did nothing, what was done). */
  say: (message: string) => void;
}

export class EditorProvenance {
  readonly canLink: boolean;
  readonly plugin: Plugin;
  readonly dialog: LinkDialog;
  readonly panel: ProvenancePanel;
  /** The command behind the toolbar button and Mod-K. */
  readonly command: Command;
  private readonly api: ProvenanceApi;
  /** Article labels by uid for one document (and the current language), rebuilt when either changes. */
  private articleLabels: { doc: PMNode; byUid: Map<string, string> } | null = null;
  private refreshing: Promise<void> | null = null;
  /** A refresh asked for while one was in flight: it runs after it, since the answer in flight may predate the change. */
  private refreshAgain: Promise<void> | null = null;
  /** The version of the link marks the editor holds (sent as If-None-Match), null before the first load. */
  private marksVersion: string | null = null;
  private staleTimer: number | null = null;
  private readonly onFocus = (): void => void this.refreshLinks();

  constructor(private readonly options: EditorProvenanceOptions) {
    const { i18n, me, token, docId } = options;
    this.canLink = mayLink(me);
    this.api = new ProvenanceApi(token);
    this.plugin = linkDecorationsPlugin(this.labels(), () => this.marksStale());
    const articleLabel = (uid: string): string => this.articleLabel(uid);
    this.dialog = new LinkDialog(i18n, {
      api: this.api,
      docId,
      articleLabel,
      retarget: () => {
        const view = options.view();
        return view ? linkTarget(view.state, options.fragment) : { ok: false, reason: 'out-of-sync' };
      },
      created: (_link: ResolvedLink, title: string) => {
        options.say(i18n.t('link.created', { title }));
        void this.refreshLinks();
      },
    });
    this.panel = new ProvenancePanel(i18n, {
      api: this.api,
      docId,
      canLink: this.canLink,
      articleLabel,
      changed: () => void this.refreshLinks(),
      say: options.say,
    });
    this.command = (state, dispatch) => {
      if (!this.canLink) return false;
      if (!dispatch) return ancestorOf(state.selection.$from, LINKABLE_ARTICLES) !== null;
      const target = linkTarget(state, options.fragment);
      if (!target.ok) {
        options.say(i18n.t(`link.refused.${target.reason}`));
        return true;
      }
      // After the current event: the toolbar gives the editor the focus back once the command ran,
      // and the dialog must take it after that.
      window.setTimeout(() => this.dialog.open(target), 0);
      return true;
    };
    window.addEventListener('focus', this.onFocus);
  }

  /**
   * Loads the document's links again and re-marks the text and the panel. A call while a load is in
   * flight is answered by one more load after it (calls meanwhile share that one): the load in
   * flight may have been answered before the change the caller heard of.
   */
  refreshLinks(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain ??= this.refreshing.then(() => {
        this.refreshAgain = null;
        return this.refreshLinks();
      });
      return this.refreshAgain;
    }
    this.refreshing = this.api
      .linkMarks(this.options.docId, this.marksVersion ?? undefined)
      .then((answer) => {
        // null: the marks held are current (nothing was created or retired since). The panel is
        // read again either way: its passages show the text as it reads now.
        if (answer !== null) {
          this.marksVersion = answer.version;
          const view = this.options.view();
          if (view) view.dispatch(setLinks(view.state, { links: answer.marks }));
        }
        this.panel.invalidate();
      })
      .catch((error: unknown) => console.warn('carta: could not load the provenance links', error))
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** Follows the caret: the panel shows the article it is in. */
  selectionChanged(state: EditorState): void {
    const article = ancestorOf(state.selection.$from, LINKABLE_ARTICLES);
    const uid: unknown = article?.node.attrs.uid;
    this.panel.show(typeof uid === 'string' ? uid : null);
  }

  localize(): void {
    // Article labels are in the language too.
    this.articleLabels = null;
    this.dialog.localize();
    this.panel.localize();
    const view = this.options.view();
    if (view) view.dispatch(setLinks(view.state, { labels: this.labels() }));
  }

  destroy(): void {
    window.removeEventListener('focus', this.onFocus);
    if (this.staleTimer !== null) window.clearTimeout(this.staleTimer);
    this.dialog.close();
  }

  /**
   * A mark stopped resolving, or an article with a passage that does not resolve (or a relocated
   * one) changed: asks the server again once the text has been still for a moment. The answer is
   * 304 unless the marks really changed.
   */
  private marksStale(): void {
    if (this.staleTimer !== null) window.clearTimeout(this.staleTimer);
    this.staleTimer = window.setTimeout(() => {
      this.staleTimer = null;
      void this.refreshLinks();
    }, STALE_DELAY_MS);
  }

  private labels(): LinkLabels {
    const { i18n } = this.options;
    return {
      badge: (sources, declined) => {
        const counted = sources > 0 ? i18n.t(sources === 1 ? 'prov.badge.one' : 'prov.badge.many', { count: sources }) : null;
        const apart = declined > 0 ? i18n.t(declined === 1 ? 'prov.badge.declined.one' : 'prov.badge.declined.many', { count: declined }) : null;
        return [counted, apart].filter((part) => part !== null).join(' · ');
      },
      passage: i18n.t('prov.mark.description'),
    };
  }

  /** "Artículo 13" or "Transitorio PRIMERO" ("Article 13" in English), from the numbers derived now. */
  private articleLabel(uid: string): string {
    const doc = this.options.view()?.state.doc;
    if (!doc) return uid;
    if (this.articleLabels?.doc !== doc) {
      const { i18n } = this.options;
      const byUid = new Map<string, string>();
      for (const entry of documentOutline(doc)) {
        if (entry.kind === 'articulo') byUid.set(entry.uid, i18n.t('prov.label.articulo', { num: entry.num }));
        else if (entry.kind === 'transitorio') byUid.set(entry.uid, i18n.t('prov.label.transitorio', { num: entry.num }));
      }
      this.articleLabels = { doc, byUid };
    }
    return this.articleLabels.byUid.get(uid) ?? uid;
  }
}
