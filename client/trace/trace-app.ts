/** Starts a public trace page: the shell, then the page's data, then the page. */
import { ProvenanceApi } from '../provenance/provenance-api.ts';
import type { Localizer } from '../ui/i18n.ts';
import { AuditorPage } from './auditor-page.ts';
import { SourcePage } from './source-page.ts';
import { ReportApi } from './report-api.ts';
import { SourcesPage } from './sources-page.ts';
import type { TraceRoute } from './trace-route.ts';
import { TraceShell } from './trace-shell.ts';

export async function startTracePage(root: HTMLElement, i18n: Localizer, route: TraceRoute, token: string | null): Promise<void> {
  const shell = new TraceShell(root, i18n, route);
  const api = new ProvenanceApi(token);
  const page = route.page === 'sources' ? new SourcesPage(i18n, api, window.location) : route.page === 'source' ? new SourcePage(i18n, api, route.id) : new AuditorPage(i18n, new ReportApi(token));
  await page.load();
  shell.show(page);
}
