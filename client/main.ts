/**
 * Bootstrap: language, which document, who is signed in; then the editor page, or a calm page that
 * explains how to sign in or what went wrong.
 */
import { startEditorPage } from './editor-page.ts';
import { ApiError, fetchMe } from './session/api-client.ts';
import { documentIdFromPath, historyDocumentFromPath, versionRouteFromPath } from './session/document-route.ts';
import { HistoryPage } from './history/history-page.ts';
import { startVersionReader } from './history/version-reader-page.ts';
import { browserStorage, browserTokenStores, forgetTokenOf, type TokenStores, takeTokenFromHash, tokenForThisPage } from './session/token-store.ts';
import { showPageMessage } from './ui/full-page-message.ts';
import { Localizer } from './ui/i18n.ts';
import { startTracePage } from './trace/trace-app.ts';
import { traceRouteFromPath } from './trace/trace-route.ts';

async function boot(root: HTMLElement, i18n: Localizer, tokens: TokenStores): Promise<void> {
  // The trace pages are public: they open without signing in, and send the token when there is one.
  const trace = traceRouteFromPath(window.location.pathname);
  if (trace !== null) {
    await startTracePage(root, i18n, trace, tokenForThisPage(window.location, window.history, tokens));
    return;
  }
  // `/d/<id>/history` shows the document's history, `/d/<id>/history/<seq>` one version of it read-only; other paths its editor.
  const reader = versionRouteFromPath(window.location.pathname);
  const historyOf = historyDocumentFromPath(window.location.pathname);
  const docId = reader?.docId ?? historyOf ?? documentIdFromPath(window.location.pathname);
  if (docId === null) {
    showPageMessage(root, i18n, { kind: 'invalid-document' });
    return;
  }
  const token = tokenForThisPage(window.location, window.history, tokens);
  if (token === null) {
    showPageMessage(root, i18n, { kind: 'sign-in', expired: false });
    return;
  }
  try {
    const me = await fetchMe(token);
    if (reader !== null) await startVersionReader({ root, i18n, docId: reader.docId, seq: reader.seq, token });
    else if (historyOf !== null) await new HistoryPage(root, i18n, historyOf, me, token).start();
    else startEditorPage({ root, i18n, me, token, docId, tokens });
  } catch (error) {
    if (error instanceof ApiError && error.id === 'unauthenticated') {
      forgetTokenOf(tokens, token);
      showPageMessage(root, i18n, { kind: 'sign-in', expired: true });
      return;
    }
    console.error('carta: could not start', error);
    const retry = (): void => void boot(root, i18n, tokens);
    if (error instanceof ApiError && error.status >= 500) {
      showPageMessage(root, i18n, { kind: 'error', message: 'app.error.server', params: { status: error.status }, retry });
    } else {
      showPageMessage(root, i18n, { kind: 'error', message: 'app.error.network', retry });
    }
  }
}

const root = document.getElementById('app');
if (root) {
  // The language is a preference of the browser, shared by its tabs; the sign-in is per tab.
  const i18n = new Localizer(browserStorage('local'));
  document.documentElement.lang = i18n.lang;
  root.textContent = i18n.t('app.loading');
  // A sign-in link opened in a tab that already shows Carta only changes the fragment (no page
  // load); start again so that the new identity takes effect in this tab.
  window.addEventListener('hashchange', () => {
    if (takeTokenFromHash(window.location.hash).token !== null) window.location.reload();
  });
  void boot(root, i18n, browserTokenStores());
}
