/**
 * Bootstrap: language, which page, who is signed in (a sign-in link's token, else the session
 * cookie); then the account pages, the editor page, or — nobody signed in — the sign-in page,
 * which comes back here afterwards; or a calm page that says what went wrong.
 */
import { startAccountPage } from './accounts/account-app.ts';
import { accountPageFromPath } from './accounts/account-route.ts';
import { startEditorPage } from './editor-page.ts';
import { ApiError, fetchMe } from './session/api-client.ts';
import { documentIdFromPath, historyDocumentFromPath, versionRouteFromPath } from './session/document-route.ts';
import { HistoryPage } from './history/history-page.ts';
import { signInAddress } from './session/return-path.ts';
import { startVersionReader } from './history/version-reader-page.ts';
import { browserStorage, browserTokenStores, forgetTokenOf, type TokenStores, takeTokenFromHash, tokenForThisPage } from './session/token-store.ts';
import { showPageMessage } from './ui/full-page-message.ts';
import { Localizer } from './ui/i18n.ts';
import { startTracePage } from './trace/trace-app.ts';
import { traceRouteFromPath } from './trace/trace-route.ts';

async function boot(root: HTMLElement, i18n: Localizer, tokens: TokenStores, linkRefused = false): Promise<void> {
  // /signin, /signup and /invite: signing in is what they are for.
  const account = accountPageFromPath(window.location.pathname);
  if (account !== null) {
    startAccountPage(root, i18n, account, tokens);
    return;
  }
  // The trace pages are public: they open without signing in, and send the token when there is one.
  const trace = traceRouteFromPath(window.location.pathname);
  if (trace !== null) {
    await startTracePage(root, i18n, trace, tokenForThisPage(window.location, window.history, tokens), tokens);
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
  try {
    const me = await fetchMe(token);
    if (reader !== null) await startVersionReader({ root, i18n, docId: reader.docId, seq: reader.seq, token });
    else if (historyOf !== null) await new HistoryPage(root, i18n, historyOf, me, token).start();
    else startEditorPage({ root, i18n, me, token, docId, tokens });
  } catch (error) {
    if (error instanceof ApiError && error.id === 'unauthenticated') {
      if (token !== null) {
        // The link's token was refused; the browser may still be signed in by its session cookie.
        forgetTokenOf(tokens, token);
        await boot(root, i18n, tokens, true);
        return;
      }
      // Replace, not push: "back" from the sign-in page must not land here to be sent there again.
      window.location.replace(signInAddress(`${window.location.pathname}${window.location.search}`, { expired: linkRefused }));
      return;
    }
    console.error('carta: could not start', error);
    const retry = (): void => void boot(root, i18n, tokens, linkRefused);
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
  // The same goes for another invitation link opened on the invitation page.
  window.addEventListener('hashchange', () => {
    if (takeTokenFromHash(window.location.hash).token !== null || accountPageFromPath(window.location.pathname) === 'invite') window.location.reload();
  });
  void boot(root, i18n, browserTokenStores());
}
