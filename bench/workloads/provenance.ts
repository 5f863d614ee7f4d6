/**
 * Provenance at the size of a large process (issue: citizen sources and provenance): 10,000
 * sources and 100,000 links over the real constitution. Measured over HTTP against a Carta process,
 * one request at a time from this process:
 *
 * - importing a 10,000-row CSV through the admin upload (target ≤ 2 s), and importing it again;
 * - an article's trace, `GET /api/documents/cdmx/articles/:uid/provenance` (target p99 ≤ 10 ms);
 * - a source's trace, `GET /api/sources/:id` (target p99 ≤ 10 ms);
 * - search, `GET /api/sources?q=` with one or two words, without accents, often as prefixes
 *   (target p99 ≤ 20 ms);
 * - the public reports: the commitments report, `GET /api/reports/commitments?docId=cdmx` (counts
 *   per threshold and the first page of each list; target p99 ≤ 20 ms), a page of a petitions list
 *   (`GET /api/reports/petitions`, a random level and list, a random page), and the dashboard's
 *   figures, `GET /api/reports/provenance`. Their first answer after a start is measured apart: it
 *   works out which petitions the text answers.
 *
 * No reference server has sources or provenance, so these figures stand against their targets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDocumentState } from '../../server/collab/room-registry.ts';
import { FIRST_MEMBER } from '../../server/documents/system-users.ts';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { type Random, seededRandom } from '../../tests/support/seeded-random.ts';
import type { WorkloadResult } from '../support/bench-result.ts';
import { cartaToken, startCarta } from '../support/carta-process.ts';
import { timeEach } from '../support/latency.ts';
import { linkInputs, sourcesCsv, TITLE_WORDS } from './provenance-population.ts';

export interface ProvenanceOptions {
  seed: number;
  sources: number;
  links: number;
  /** Requests per measured route. */
  requests: number;
  /** Keep the data directory afterwards (to look into it), instead of deleting it. */
  keepData: boolean;
  log: (message: string) => void;
}

export const PROVENANCE_DEFAULTS: Omit<ProvenanceOptions, 'log' | 'keepData'> = { seed: 20161, sources: 10_000, links: 100_000, requests: 2_000 };

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** Every source id in the store, most signatures first (the store's order without a query). */
async function allSourceIds(dataDir: string): Promise<string[]> {
  const store = openSqliteStore(dataDir);
  try {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await store.sources.searchSources({ limit: 1000, ...(after ? { after } : {}) });
      ids.push(...page.sources.map((s) => s.id));
      after = page.next ?? undefined;
    } while (after);
    return ids;
  } finally {
    await store.close();
  }
}

/** Writes the links straight into the store (the server is stopped), as the link routes would. */
async function writeLinks(dataDir: string, random: Random, sourceIds: readonly string[], count: number, log: (m: string) => void): Promise<number> {
  // NORMAL durability only for this set-up: it is not what is measured.
  const store = openSqliteStore(dataDir, { synchronous: 'NORMAL' });
  try {
    const { doc } = await loadDocumentState(store, 'cdmx', log);
    const started = performance.now();
    let written = 0;
    for (const input of linkInputs(random, doc, 'cdmx', sourceIds, count)) {
      await store.links.createLink(input, FIRST_MEMBER.id, Date.now());
      written++;
      if (written % 20_000 === 0) log(`  ${written.toLocaleString('en')} links written`);
    }
    doc.destroy();
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

function searchQuery(random: Random): string {
  const fold = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '');
  const first = fold(random.pick(TITLE_WORDS));
  if (random.chance(0.4)) return first.slice(0, 3 + random.int(Math.max(1, first.length - 3)));
  if (random.chance(0.5)) return first;
  return `${first} ${fold(random.pick(TITLE_WORDS))}`;
}

export async function provenanceWorkload(options: ProvenanceOptions): Promise<WorkloadResult> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'carta-bench-provenance-'));
  try {
    log(`provenance: starting Carta on a new data directory (${dataDir})`);
    let carta = await startCarta(dataDir);
    const admin = await cartaToken(dataDir, 'admin', 'Administración (benchmark)');
    const csv = sourcesCsv(random, options.sources);
    const upload = (): Promise<Response> =>
      fetch(`${carta.url}/api/sources/import?format=csv&file=bench-sources.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
        body: csv,
      });
    log(`provenance: importing ${options.sources.toLocaleString('en')} sources (${(csv.length / 1e6).toFixed(1)} MB of CSV)`);
    let started = performance.now();
    const first = (await expectOk(await upload(), 'the import')) as { created: number };
    const importMs = performance.now() - started;
    if (first.created !== options.sources) throw new Error(`the import created ${first.created} sources, not ${options.sources}`);
    started = performance.now();
    const again = (await expectOk(await upload(), 'the second import')) as { unchanged: number };
    const reimportMs = performance.now() - started;
    if (again.unchanged !== options.sources) throw new Error(`the second import left ${again.unchanged} sources unchanged, not ${options.sources}`);
    await carta.stop();

    const sourceIds = await allSourceIds(dataDir);
    log(`provenance: writing ${options.links.toLocaleString('en')} links over ${sourceIds.length.toLocaleString('en')} sources`);
    const linksMs = await writeLinks(dataDir, random, sourceIds, options.links, log);

    carta = await startCarta(dataDir);
    const citizen = await cartaToken(dataDir, 'citizen', 'Ciudadanía (benchmark)');
    const outline = await fetch(`${carta.url}/api/documents/cdmx/articles`, { headers: { authorization: `Bearer ${citizen}` } });
    const articles = (await expectOk(outline, 'the outline')) as Array<{ uid: string }>;
    // The first trace of a document version builds its view of the live text; measure it apart.
    started = performance.now();
    await expectOk(await fetch(`${carta.url}/api/documents/cdmx/articles/${articles[0]?.uid}/provenance`), 'the first article trace');
    const firstTraceMs = performance.now() - started;
    for (const article of articles) await expectOk(await fetch(`${carta.url}/api/documents/cdmx/articles/${article.uid}/provenance`), 'warm-up');

    log(`provenance: ${options.requests} article traces, source traces and searches`);
    let linksSeen = 0;
    const articleTrace = await timeEach(options.requests, async () => {
      const uid = random.pick(articles).uid;
      const body = (await expectOk(await fetch(`${carta.url}/api/documents/cdmx/articles/${uid}/provenance`), 'an article trace')) as { links: unknown[] };
      linksSeen += body.links.length;
    });
    const popular = sourceIds.slice(0, Math.floor(sourceIds.length / 10));
    let sourceLinks = 0;
    const sourceTrace = await timeEach(options.requests, async () => {
      const id = random.chance(0.7) ? random.pick(popular) : random.pick(sourceIds);
      const body = (await expectOk(await fetch(`${carta.url}/api/sources/${id}`), 'a source trace')) as { links: unknown[] };
      sourceLinks += body.links.length;
    });
    let hits = 0;
    const search = await timeEach(options.requests, async () => {
      const q = encodeURIComponent(searchQuery(random));
      const body = (await expectOk(await fetch(`${carta.url}/api/sources?q=${q}`), 'a search')) as { total: number };
      hits += body.total;
    });

    log(`provenance: ${options.requests} commitments reports, petition pages and dashboard reports`);
    started = performance.now();
    await expectOk(await fetch(`${carta.url}/api/reports/commitments?docId=cdmx`), 'the first commitments report');
    const firstCommitmentsMs = performance.now() - started;
    let reportBytes = 0;
    const commitments = await timeEach(options.requests, async () => {
      const response = await fetch(`${carta.url}/api/reports/commitments?docId=cdmx`);
      const body = await response.text();
      if (!response.ok) throw new Error(`the commitments report answered ${response.status}: ${body.slice(0, 300)}`);
      reportBytes = body.length;
    });
    // Cursors handed out by earlier pages, to ask for pages beyond the first.
    const cursors: string[] = [];
    const petitionPages = await timeEach(options.requests, async () => {
      const list = random.pick(['all', 'honoured', 'notHonoured'] as const);
      const after = cursors.length > 0 && random.chance(0.5) ? `&after=${random.pick(cursors)}` : '';
      const body = (await expectOk(await fetch(`${carta.url}/api/reports/petitions?docId=cdmx&minLevel=${random.int(4)}&list=${list}${after}`), 'a petitions page')) as { next: string | null };
      if (body.next && cursors.length < 1000) cursors.push(body.next);
    });
    const dashboard = await timeEach(options.requests, async () => {
      await expectOk(await fetch(`${carta.url}/api/reports/provenance?docId=cdmx`), 'the dashboard report');
    });
    await carta.stop();

    return {
      workload: 'provenance',
      description: 'Citizen sources and provenance links at the size of a large process, over HTTP, one request at a time.',
      setup: {
        seed: options.seed,
        sources: options.sources,
        links: options.links,
        requestsPerRoute: options.requests,
        'links per article trace (mean)': Math.round(linksSeen / options.requests),
        'links per source trace (mean)': Math.round(sourceLinks / options.requests),
        'matches per search (mean)': Math.round(hits / options.requests),
        'commitments report size (bytes)': reportBytes,
        'link set-up (s, not measured)': Math.round(linksMs / 100) / 10,
      },
      figures: [
        { name: `import of a ${options.sources.toLocaleString('en')}-row CSV`, value: Math.round(importMs), unit: 'ms', target: { max: 2000 } },
        { name: 'the same import again (all unchanged)', value: Math.round(reimportMs), unit: 'ms' },
        { name: 'first article trace after a start', value: Math.round(firstTraceMs), unit: 'ms' },
        { name: 'article trace p99', value: articleTrace.p99, unit: 'ms', target: { max: 10 } },
        { name: 'source trace p99', value: sourceTrace.p99, unit: 'ms', target: { max: 10 } },
        { name: 'search p99', value: search.p99, unit: 'ms', target: { max: 20 } },
        { name: 'first commitments report after a start', value: Math.round(firstCommitmentsMs), unit: 'ms' },
        { name: 'commitments report p99', value: commitments.p99, unit: 'ms', target: { max: 20 } },
        { name: 'petitions page p99', value: petitionPages.p99, unit: 'ms' },
        { name: 'dashboard report p99', value: dashboard.p99, unit: 'ms' },
      ],
      distributions: { 'article trace': articleTrace, 'source trace': sourceTrace, search, 'commitments report': commitments, 'petitions page': petitionPages, 'dashboard report': dashboard },
    };
  } finally {
    if (options.keepData) log(`provenance: kept the data directory ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}
