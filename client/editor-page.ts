/**
 * The editor page, composed from its parts: header, banners, the three columns (outline, document,
 * margin; tabs on a phone), the help panel and the status announcer, around one ProseMirror view
 * bound to the live Y.Doc. This file wires events between the parts; each part lives in its own
 * file.
 */
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { numberDocument } from '../shared/schema/numbering.ts';
import { documentOutline } from '../shared/schema/outline.ts';
import { CloseCode } from '../shared/protocol/close-codes.ts';
import { ClientNames } from './collab/client-names.ts';
import { openCollabSession } from './collab/collab-session.ts';
import { type ConnectionView, hasUnsavedWork } from './collab/connection-state.ts';
import { peoplePresent } from './collab/presence.ts';
import { currentArticle } from './editor/commands/structure-context.ts';
import { editorCommands } from './editor/editor-commands.ts';
import { createEditorView } from './editor/editor-view.ts';
import { findPosByUid, outlineUidAt } from './editor/find-node.ts';
import { jumpToUid } from './editor/jump-to.ts';
import { numberingKey } from './editor/numbering-decorations.ts';
import { awarenessGuard, type GuardedAction } from './editor/presence-guard.ts';
import { EditorProvenance } from './provenance/editor-provenance.ts';
import { EditorComments } from './comments/editor-comments.ts';
import type { EditorCommandId } from './editor/shortcuts.ts';
import { type Me, fetchDocuments } from './session/api-client.ts';
import { signInAddress } from './session/return-path.ts';
import { forgetTokenOf, type TokenStores } from './session/token-store.ts';
import { AccountMenu } from './ui/account-menu.ts';
import { ColumnTabs } from './ui/column-tabs.ts';
import { ConfirmDialog } from './ui/confirm-dialog.ts';
import { ConnectionNotice } from './ui/connection-notice.ts';
import { DocumentMargin } from './ui/document-margin.ts';
import { el } from './ui/element.ts';
import { FlashStatus } from './ui/flash-status.ts';
import { showPageMessage } from './ui/full-page-message.ts';
import { PageHeader } from './ui/header.ts';
import { HelpPanel, isMacPlatform } from './ui/help-panel.ts';
import { historyPrompts } from './ui/history-prompts.ts';
import type { Localizer } from './ui/i18n.ts';
import { OrphanedTextDialog } from './ui/orphaned-text-dialog.ts';
import { OutlineSidebar } from './ui/outline-sidebar.ts';
import { ReadOnlyBanner } from './ui/read-only-banner.ts';
import { StatusAnnouncer } from './ui/status.ts';
import { StructureToolbar } from './ui/structure-toolbar.ts';

export interface EditorPageOptions {
  root: HTMLElement;
  i18n: Localizer;
  me: Me;
  /** A sign-in link's token, or null when the session cookie signs the page in. */
  token: string | null;
  docId: string;
  /** Where the sign-in token is kept (forgotten when the server says it is no longer valid). */
  tokens: TokenStores;
}

/** What tests and debugging sessions reach through `window.__carta`. */
export interface CartaDebugHandle {
  view: EditorView;
  ydoc: import('yjs').Doc;
  provider: import('y-websocket').WebsocketProvider;
  /** Loads the provenance links again (the page does so itself after its own changes and on focus). */
  refreshLinks: () => Promise<void>;
}

declare global {
  interface Window {
    /** For browser tests and debugging only; the application never reads it. */
    __carta?: CartaDebugHandle;
  }
}

/** The label of the article (or transitory article) holding the selection, for announcements. */
function currentArticleLabel(state: EditorState): string | null {
  const article = currentArticle(state);
  if (!article) return null;
  return numberDocument(state.doc).find((n) => n.pos === article.pos)?.label ?? null;
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.matches('input, textarea, select');
}

const GUARD_MESSAGE: Record<GuardedAction, 'guard.moveArticle' | 'guard.changeKind' | 'guard.splitHeading'> = {
  'move-article': 'guard.moveArticle',
  'change-kind': 'guard.changeKind',
  'split-heading': 'guard.splitHeading',
};

export function startEditorPage({ root, i18n, me, token, docId, tokens }: EditorPageOptions): void {
  const mac = isMacPlatform();
  const announcer = new StatusAnnouncer();
  const flash = new FlashStatus();
  const help = new HelpPanel(i18n, mac);
  const session = openCollabSession({ docId, token, user: { name: me.name, color: me.color }, location: window.location });
  const { tracker, provider, ydoc } = session;
  const canEditNow = (): boolean => me.canEdit && tracker.view.loaded && !tracker.view.stopped;
  let view: EditorView | null = null;
  /** What to undo if the page gives way to a full-page message (the document does not exist). */
  const teardown: Array<() => void> = [];

  const announceAfter = (command: Command, describe: (state: EditorState) => string | null): Command => (state, dispatch, v) =>
    command(
      state,
      dispatch &&
        ((tr) => {
          dispatch(tr);
          const message = view ? describe(view.state) : null;
          if (message) announcer.announce(message);
        }),
      v,
    );
  const guard = awarenessGuard({
    awareness: provider.awareness,
    ydoc,
    fragment: session.fragment,
    selfUserId: me.id,
    declined: (action, name) => flash.show(i18n.t(GUARD_MESSAGE[action], { name })),
  });
  // Names for the Yjs client ids that wrote text, remembered after people leave (undo may quote them).
  const names = new ClientNames();
  teardown.push(names.follow(provider.awareness));
  const confirmDialog = new ConfirmDialog();
  const history = historyPrompts({
    i18n,
    dialog: confirmDialog,
    names,
    inbox: session.orphans,
    announce: (message) => announcer.announce(message),
    canEditNow,
  });
  // Provenance: the link command, the marks of linked passages, the panel in the margin.
  const provenance = new EditorProvenance({ i18n, me, token, docId, fragment: session.fragment, view: () => view, say: (message) => flash.show(message) });
  teardown.push(() => provenance.destroy());
  // Someone created, retired or re-anchored a link of this document: marks and panel follow.
  // Comments: the comment shortcut, the panel in the margin, the moderation queue for admins.
  const comments = new EditorComments({
    i18n, me, token, docId, fragment: session.fragment, ydoc, view: () => view, mac,
    say: (message) => flash.show(message),
    revealMargin: () => tabs.select('margin'),
    revealDocument: () => tabs.select('document'),
  });
  teardown.push(() => comments.destroy());
  teardown.push(session.onNotice((notice) => {
    if (notice.kind === 'links-changed') void provenance.refreshLinks();
    // Someone's comment, reply, moderation, addressing or stance on an article: its panel asks again.
    else if (notice.kind === 'comments-changed') comments.changed(notice.articleUid);
  }));
  const base = editorCommands(() => help.open(), canEditNow, guard, history, provenance.command);
  const articleMessage = (key: 'announce.articleInserted' | 'announce.articleMoved') => (state: EditorState): string | null => {
    const label = currentArticleLabel(state);
    return label ? i18n.t(key, { label }) : null;
  };
  const commands: Record<EditorCommandId, Command> = {
    ...base,
    insertArticle: announceAfter(base.insertArticle, articleMessage('announce.articleInserted')),
    moveUp: announceAfter(base.moveUp, articleMessage('announce.articleMoved')),
    moveDown: announceAfter(base.moveDown, articleMessage('announce.articleMoved')),
  };

  // Parts of the page.
  const account = new AccountMenu(i18n, { me, token, tokens, say: (message) => flash.show(message) });
  const header = new PageHeader(i18n, () => help.open(), account);
  header.setTitle(i18n.t('doc.fallbackTitle', { id: docId }));
  const notice = new ConnectionNotice(i18n, (message) => flash.show(message));
  const orphans = new OrphanedTextDialog(i18n, session.orphans, {
    canGoTo: (uid) => view !== null && findPosByUid(view.state.doc, uid) !== null,
    goTo: (uid) => {
      if (!view || !jumpToUid(view, uid)) return false;
      tabs.select('document');
      return true;
    },
    say: (message) => flash.show(message),
  });
  const readOnlyBanner = me.canEdit ? null : new ReadOnlyBanner(i18n, me);
  const outline = new OutlineSidebar(i18n, (uid) => {
    if (!view || !jumpToUid(view, uid)) return;
    tabs.select('document');
  });
  // Admins do not edit the text but may link it to sources: they get the toolbar for that button.
  const toolbar =
    me.canEdit || provenance.canLink
      ? new StructureToolbar(i18n, mac, commands, () => view, () => announcer.announce(i18n.t('announce.notPossible')), { linking: provenance.canLink })
      : null;
  const margin = new DocumentMargin(i18n, comments.panel.element, provenance.panel.element);
  const loading = el('p', { class: 'editor-loading muted', 'data-testid': 'editor-loading', role: 'status' });
  const mount = el('div', { class: 'document-page' }, loading);
  const skipLink = el('a', { class: 'skip-link', href: '#document' });
  skipLink.addEventListener('click', (event) => {
    event.preventDefault();
    tabs.select('document');
    if (view?.editable) view.focus();
    else view?.dom.focus();
  });
  const skipToOutline = el('a', { class: 'skip-link', href: '#outline' });
  skipToOutline.addEventListener('click', (event) => {
    event.preventDefault();
    tabs.select('outline');
    outline.focus();
  });

  const slots = {
    outline: el('div', { class: 'column-slot', id: 'col-outline' }, outline.element),
    document: el(
      'div',
      { class: 'column-slot', id: 'col-document' },
      el('main', { class: 'document column', id: 'document', tabindex: '-1' }, toolbar?.element ?? null, el('div', { class: 'document-scroll' }, mount)),
    ),
    margin: el('div', { class: 'column-slot', id: 'col-margin' }, margin.element),
  };
  const columns = el('div', { class: 'columns' }, slots.outline, slots.document, slots.margin);
  const tabs = new ColumnTabs(i18n, columns, slots);
  root.replaceChildren(
    el(
      'div',
      { class: 'app', 'data-testid': 'app', 'data-role': me.role, 'data-can-edit': String(me.canEdit) },
      skipLink,
      skipToOutline,
      header.element,
      el('div', { class: 'banners' }, readOnlyBanner?.element ?? null, notice.element, orphans.banner, flash.element),
      tabs.element,
      columns,
      announcer.element,
      help.element,
      orphans.element,
      confirmDialog.element,
      provenance.dialog.element,
      comments.moderation?.element ?? null,
    ),
  );

  // Keeping the outline and toolbar in step with the editor, without work per keystroke: the
  // outline is rebuilt only when numbers or headings changed, and at most once per pause.
  let seenStructure = -1;
  let seenHeadings = -1;
  let outlineTimer: number | null = null;
  let toolbarFrame: number | null = null;
  const refreshOutline = (): void => {
    outlineTimer = null;
    if (view && tracker.view.loaded) outline.render(documentOutline(view.state.doc));
  };
  const onEditorUpdate = (updated: EditorView, previous: EditorState | null): void => {
    const state = updated.state;
    const numbering = numberingKey.getState(state);
    if (numbering && (numbering.structureVersion !== seenStructure || numbering.headingVersion !== seenHeadings)) {
      const structural = numbering.structureVersion !== seenStructure;
      seenStructure = numbering.structureVersion;
      seenHeadings = numbering.headingVersion;
      if (outlineTimer !== null) window.clearTimeout(outlineTimer);
      outlineTimer = window.setTimeout(refreshOutline, structural ? 30 : 250);
    }
    if (!previous || previous.selection !== state.selection || previous.doc !== state.doc) {
      outline.setActive(state.doc.content.size > 0 ? outlineUidAt(state.doc, state.selection.from) : null);
      provenance.selectionChanged(state);
      comments.editorChanged(state, previous);
      if (toolbar && toolbarFrame === null) {
        toolbarFrame = window.requestAnimationFrame(() => {
          toolbarFrame = null;
          if (view) toolbar.update(view.state, canEditNow());
        });
      }
    }
  };

  view = createEditorView({
    mount,
    fragment: session.fragment,
    awareness: provider.awareness,
    commands,
    canEditNow,
    onUpdate: onEditorUpdate,
    // A read-only page says why once (its banner); a refused key there is not news.
    largeDelete: {
      confirm: (removal) => {
        const whole = removal.titulos > 0;
        return confirmDialog.ask({
          title: whole
            ? i18n.t(removal.titulos === 1 ? 'confirm.delete.titulo.one' : 'confirm.delete.titulo.many', { titulos: removal.titulos })
            : i18n.t('confirm.delete.articles.title', { count: removal.articles }),
          body: i18n.t(whole ? 'confirm.delete.titulo.body' : 'confirm.delete.articles.body', { count: removal.articles }),
          quote: null,
          proceed: i18n.t('confirm.delete.proceed'),
          cancel: i18n.t('confirm.cancel'),
        });
      },
      stale: () => announcer.announce(i18n.t('confirm.delete.stale')),
    },
    onCommandRefused: () => {
      if (canEditNow()) announcer.announce(i18n.t('announce.notPossible'));
    },
    label: () => i18n.t('editor.label'),
    extraPlugins: [provenance.plugin],
  });
  // Props such as `editable` and the attributes are read on each update; a meta-only transaction
  // makes the view re-read them (after a language change, the first sync, or a refusal).
  const refreshEditor = (): void => {
    if (!view) return;
    view.dispatch(view.state.tr.setMeta('carta-refresh', true));
    toolbar?.update(view.state, canEditNow());
  };

  // Connection state.
  let pageGone = false;
  const showDocumentMissing = (): void => {
    if (pageGone) return;
    pageGone = true;
    // Out of the provider's close handler first: tearing the provider down inside it is fragile.
    window.setTimeout(() => {
      for (const undo of teardown.splice(0)) undo();
      view?.destroy();
      view = null;
      session.destroy();
      delete window.__carta;
      showPageMessage(root, i18n, { kind: 'document-not-found', docId });
    }, 0);
  };
  const onConnection = (state: ConnectionView, previous: ConnectionView | null): void => {
    if (state.closed?.code === CloseCode.notFound) {
      // Nothing of the editor applies to a document that does not exist.
      showDocumentMissing();
      return;
    }
    header.connection.update(state);
    notice.show(state.closed);
    loading.hidden = state.loaded || state.stopped;
    if (state.closed && state.closed !== previous?.closed) {
      announcer.announce(i18n.t(state.closed.message), state.closed.terminal);
      if (state.closed.signedOut) {
        if (token !== null) forgetTokenOf(tokens, token);
        // The session ended (expired, or signed out in another tab): the way back in is the sign-in page.
        notice.offerSignIn(signInAddress(`${window.location.pathname}${window.location.search}`, { expired: true }));
      }
    }
    if (state.stopped && (!previous?.stopped || state.unsent !== previous.unsent)) {
      // The connection ended for good: whatever the server does not have now, it never will.
      notice.showUnsaved(state.unsent > 0 ? { count: state.unsent, passages: session.unsavedPassages() } : null);
    }
    if (previous) {
      if (state.phase === 'connected' && previous.reconnecting) announcer.announce(i18n.t('connection.announce.connected'));
      if (state.phase === 'offline' && previous.phase !== 'offline' && !state.stopped && state.loaded) {
        announcer.announce(i18n.t('connection.announce.offline'));
      }
      if (state.loaded !== previous.loaded || state.stopped !== previous.stopped) {
        refreshEditor();
        if (state.loaded && !previous.loaded) {
          refreshOutline();
          // Passages resolve against the loaded text.
          void provenance.refreshLinks();
          // A trace page links to an article as /d/<doc>?article=<uid>.
          const wanted = new URLSearchParams(window.location.search).get('article');
          if (wanted && view) jumpToUid(view, wanted);
        }
      }
    }
    if (state.stopped) provider.disconnect();
  };
  teardown.push(tracker.subscribe(onConnection));
  onConnection(tracker.view, null);

  // Changes that are only in this tab's memory (offline, or refused for good) are lost with the
  // page; the browser asks before leaving while there are any.
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!hasUnsavedWork(tracker.view)) return;
    event.preventDefault();
    // Older browsers need returnValue set; none shows custom text any more.
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  teardown.push(() => window.removeEventListener('beforeunload', onBeforeUnload));

  // People present.
  const awareness = provider.awareness;
  const onAwareness = (): void => header.presence.update(peoplePresent(awareness.getStates(), ydoc.clientID, me.id));
  awareness.on('change', onAwareness);
  teardown.push(() => awareness.off('change', onAwareness));
  onAwareness();

  // Document title.
  let title = i18n.t('doc.fallbackTitle', { id: docId });
  let titleFromServer = false;
  const showTitle = (): void => {
    if (!titleFromServer) title = i18n.t('doc.fallbackTitle', { id: docId });
    header.setTitle(title);
    document.title = i18n.t('app.title', { title });
  };
  showTitle();
  fetchDocuments(token)
    .then((documents) => {
      const found = documents.find((d) => d.id === docId);
      if (found) {
        title = found.title;
        titleFromServer = true;
        showTitle();
      }
    })
    .catch((error: unknown) => {
      // The title is a convenience; the editor works without it.
      console.warn('carta: could not load the document title', error);
    });

  // Language.
  const localize = (): void => {
    document.documentElement.lang = i18n.lang;
    skipLink.textContent = i18n.t('app.skipToDocument');
    skipToOutline.textContent = i18n.t('app.skipToOutline');
    loading.textContent = i18n.t('editor.loading');
    header.localize();
    notice.localize();
    readOnlyBanner?.localize();
    outline.localize();
    toolbar?.localize();
    margin.localize();
    tabs.localize();
    help.localize();
    orphans.localize();
    provenance.localize();
    comments.localize();
    showTitle();
    refreshEditor();
  };
  teardown.push(
    i18n.onChange(() => {
      localize();
      announcer.announce(i18n.t('announce.language'));
    }),
  );
  localize();

  // "?" opens the help from anywhere outside the text; Mod-/ also works inside it (keymap).
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || help.isOpen || orphans.isOpen || confirmDialog.isOpen || provenance.dialog.isOpen || comments.moderation?.isOpen || account.dialogOpen) return;
    const modifier = mac ? event.metaKey : event.ctrlKey;
    if ((event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextEntry(event.target)) || (modifier && event.key === '/')) {
      event.preventDefault();
      help.open();
    }
  };
  document.addEventListener('keydown', onKeyDown);
  teardown.push(() => document.removeEventListener('keydown', onKeyDown));

  window.__carta = { view, ydoc, provider, refreshLinks: () => provenance.refreshLinks() };
}
