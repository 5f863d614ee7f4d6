/**
 * Comments in the drafting room, wired together: the comment shortcut and the panel's "Comentar"
 * button (the selected passage, or the article the caret is in), the panel in the margin that
 * follows the caret, the moderation queue for admins, and "show in text" for a comment's passage.
 * The page hands the server's `comments-changed` notices to `changed()`; nothing polls.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type * as Y from 'yjs';
import type { ServedComment } from '../../shared/comments/comment-types.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { ancestorOf } from '../editor/commands/structure-context.ts';
import { jumpToUid } from '../editor/jump-to.ts';
import { ariaKeys, formatKeys } from '../editor/shortcuts.ts';
import { resolvePassage } from '../../shared/provenance/passage-resolution.ts';
import { articlePositions, LINKABLE_ARTICLES } from '../provenance/article-positions.ts';
import type { Me } from '../session/api-client.ts';
import { keyWords } from '../ui/help-panel.ts';
import type { Localizer } from '../ui/i18n.ts';
import { ArticleLabels } from './article-labels.ts';
import { CommentApi } from './comment-api.ts';
import { commentPermissions, type CommentPermissions } from './comment-permissions.ts';
import { COMMENT_KEYS, isCommentShortcut } from './comment-shortcut.ts';
import { type CommentTargetRefusal, commentTarget } from './comment-target.ts';
import { CommentsPanel } from './comments-panel.ts';
import { ModerationDialog } from './moderation-dialog.ts';
import { passageRange } from './passage-in-editor.ts';

export interface EditorCommentsOptions {
  i18n: Localizer;
  me: Me;
  /** A sign-in link's token, or null when the session cookie signs the page in. */
  token: string | null;
  docId: string;
  fragment: Y.XmlFragment;
  ydoc: Y.Doc;
  view: () => EditorView | null;
  mac: boolean;
  /** A short visible and announced message. */
  say: (message: string) => void;
  /** Shows the margin (its tab on a phone) before the comment form takes the focus. */
  revealMargin: () => void;
  /** Shows the document (its tab on a phone). */
  revealDocument: () => void;
}

/** How long the text must be still after the shown article changed before its passages are checked (as for provenance marks). */
const STALE_DELAY_MS = 800;
/** How many times to ask again while the server has not yet applied a change seen here (0.8 s, 1.6 s, 3.2 s, 6.4 s). */
const BEHIND_RETRIES = 4;

/** The article node with this uid in `doc` (unchanged nodes are the same object in the next document). */
function articleNode(doc: PMNode, uid: string): PMNode | null {
  const pos = articlePositions(doc).get(uid);
  return pos === undefined ? null : doc.nodeAt(pos);
}

const REFUSED: Record<CommentTargetRefusal, MessageKey> = {
  'no-article': 'comments.refused.no-article',
  'spans-articles': 'comments.refused.spans-articles',
  'out-of-sync': 'comments.refused.out-of-sync',
  empty: 'comments.refused.empty',
};

export class EditorComments {
  readonly panel: CommentsPanel;
  readonly moderation: ModerationDialog | null;
  readonly permissions: CommentPermissions;
  private readonly labels: ArticleLabels;
  private staleTimer: number | null = null;
  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing || !isCommentShortcut(event, this.options.mac)) return;
    // A modal dialog (help, link, confirmation, moderation) keeps the keyboard to itself.
    if (document.querySelector('dialog:modal')) return;
    event.preventDefault();
    this.commentHere(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  };

  constructor(private readonly options: EditorCommentsOptions) {
    const { i18n, me, token, docId, mac } = options;
    const api = new CommentApi(token);
    this.permissions = commentPermissions(me.role);
    this.labels = new ArticleLabels(i18n, () => options.view()?.state.doc ?? null);
    const articleLabel = (uid: string): string => this.labels.label(uid);
    this.moderation = this.permissions.moderate
      ? new ModerationDialog(i18n, {
          api,
          docId,
          articleLabel,
          goToArticle: (uid) => {
            const view = options.view();
            if (!view || !jumpToUid(view, uid)) return;
            options.revealDocument();
            this.panel.show(uid);
          },
        })
      : null;
    const moderation = this.moderation;
    this.panel = new CommentsPanel(i18n, {
      api,
      docId,
      myId: me.id,
      permissions: this.permissions,
      articleLabel,
      say: options.say,
      sendKeys: () => formatKeys('Mod-Enter', mac, keyWords(i18n)),
      commentKeys: () => formatKeys(COMMENT_KEYS, mac, keyWords(i18n)),
      commentAriaKeys: ariaKeys(COMMENT_KEYS, mac),
      commentHere: (origin) => this.commentHere(origin),
      showInText: (comment) => this.showInText(comment),
      openModeration: moderation ? () => moderation.open() : null,
    });
    document.addEventListener('keydown', this.onKeyDown);
  }

  /**
   * Opens the comment form for the selected passage, or the article the caret is in; says why not
   * when it cannot. When the form closes the focus goes back to `origin` (on a phone, the text's
   * tab is shown again first when that is where it was).
   */
  commentHere(origin: HTMLElement | null): void {
    const t = this.options.i18n.t.bind(this.options.i18n);
    if (!this.permissions.comment) {
      this.options.say(t('comments.refused.role'));
      return;
    }
    const view = this.options.view();
    if (!view) return;
    const target = commentTarget(view.state, this.options.fragment);
    if (!target.ok) {
      this.options.say(t(REFUSED[target.reason]));
      return;
    }
    this.options.revealMargin();
    this.panel.compose(target, () => {
      if (!origin?.isConnected) return;
      if (view.dom.contains(origin)) this.options.revealDocument();
      origin.focus({ preventScroll: true });
    });
  }

  /**
   * After the editor's selection or text changed: the panel follows the caret to its article, and
   * when the shown article's text changed, it checks its passages once the text is still for a moment.
   */
  editorChanged(state: EditorState, previous: EditorState | null): void {
    const article = ancestorOf(state.selection.$from, LINKABLE_ARTICLES);
    const uid: unknown = article?.node.attrs.uid;
    this.panel.show(typeof uid === 'string' ? uid : null);
    const shown = this.panel.shownArticle;
    if (!previous || previous.doc === state.doc || shown === null) return;
    if (articleNode(previous.doc, shown) === articleNode(state.doc, shown)) return;
    if (this.staleTimer !== null) window.clearTimeout(this.staleTimer);
    this.staleTimer = window.setTimeout(() => this.checkPassages(0), STALE_DELAY_MS);
  }

  /** Checks the shown passages; while the server's answer is behind the text here, asks again, a few times, further apart. */
  private checkPassages(attempt: number): void {
    this.staleTimer = null;
    void this.panel.textChanged((ends) => resolvePassage(this.options.ydoc, ends).state === 'live').then((behind) => {
      if (!behind || attempt >= BEHIND_RETRIES || this.staleTimer !== null) return;
      this.staleTimer = window.setTimeout(() => this.checkPassages(attempt + 1), STALE_DELAY_MS * 2 ** attempt);
    });
  }

  /** The server's `comments-changed` notice for this article. */
  changed(articleUid: string): void {
    this.panel.changed(articleUid);
  }

  localize(): void {
    this.panel.localize();
    this.moderation?.localize();
  }

  destroy(): void {
    document.removeEventListener('keydown', this.onKeyDown);
    if (this.staleTimer !== null) window.clearTimeout(this.staleTimer);
    this.moderation?.close();
  }

  /** Selects the comment's passage in the text and gives the text the focus; false when the passage is not there now. */
  private showInText(comment: ServedComment): boolean {
    const view = this.options.view();
    const anchor = 'anchor' in comment ? comment.anchor : null;
    if (!view || !anchor || anchor.start === null || anchor.end === null) return false;
    const range = passageRange({ start: anchor.start, end: anchor.end }, view.state.doc, this.options.ydoc);
    if (!range) return false;
    this.options.revealDocument();
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView());
    if (view.editable) view.focus();
    else view.dom.focus({ preventScroll: true });
    return true;
  }
}
