/** Starts a public trace page: the shell (with who is signed in, if anyone), then the page's data, then the page. */
import { ProvenanceApi } from '../provenance/provenance-api.ts';
import { ApiError, fetchMe } from '../session/api-client.ts';
import type { TokenStores } from '../session/token-store.ts';
import { AccountMenu } from '../ui/account-menu.ts';
import type { Localizer } from '../ui/i18n.ts';
import { SignInLink } from '../ui/sign-in-link.ts';
import { AuditorPage } from './auditor-page.ts';
import { SourcePage } from './source-page.ts';
import { ReportApi } from './report-api.ts';
import { SourcesPage } from './sources-page.ts';
import type { TraceRoute } from './trace-route.ts';
import { TraceShell } from './trace-shell.ts';

export async function startTracePage(root: HTMLElement, i18n: Localizer, route: TraceRoute, token: string | null, tokens: TokenStores): Promise<void> {
  const shell = new TraceShell(root, i18n, route);
  // The pages are public: who is signed in only decides the header's account menu or sign-in link.
  void fetchMe(token)
    .then((me) => shell.setAccount(new AccountMenu(i18n, { me, token, tokens, say: (message) => shell.announcer.announce(message) })))
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.id === 'unauthenticated') shell.setAccount(new SignInLink(i18n, window.location));
      else console.warn('carta: could not ask who is signed in', error);
    });
  const api = new ProvenanceApi(token);
  const page = route.page === 'sources' ? new SourcesPage(i18n, api, window.location) : route.page === 'source' ? new SourcePage(i18n, api, route.id) : new AuditorPage(i18n, new ReportApi(token));
  await page.load();
  shell.show(page);
}
