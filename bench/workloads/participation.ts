/**
 * Citizen participation at the size of a large process (issue 5): an article with 5,000 comments
 * (4,000 threads, most quoting a passage, and 1,000 replies; a few hidden), 2,000 comments on the
 * other articles and 5,000 stances, written through the store while Carta is stopped; a published
 * version of the constitution. Measured over HTTP on loopback against a Carta process:
 *
 * - the first page of the busy article's threads, `GET /api/documents/cdmx/articles/:uid/comments`
 *   (target p99 ≤ 100 ms), one request at a time;
 * - the reading room's page of the whole constitution, `GET /read/cdmx`, one request at a time: the
 *   server's own time from its Server-Timing header (target p99 ≤ 50 ms) and the latency seen here,
 *   for the kept page and for the page composed again after each stance change;
 * - the same page under load, autocannon in its own process, 50 connections for 10 s, asking for
 *   gzip as browsers do (target ≥ 1,000 requests/s) and, for comparison, uncompressed; the same
 *   with wrk when it is installed (a C client, which leaves the server more of the machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { loadDocumentState } from '../../server/collab/room-registry.ts';
import { COUNTS_REFRESH_MS } from '../../server/reading-room/reading-room-counts.ts';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import type { ThreadPage } from '../../shared/comments/comment-types.ts';
import { seededRandom } from '../../tests/support/seeded-random.ts';
import { loadTest, type LoadResult } from '../support/autocannon.ts';
import type { WorkloadResult } from '../support/bench-result.ts';
import { type CartaProcess, cartaToken, startCarta } from '../support/carta-process.ts';
import { summarize, timeEach } from '../support/latency.ts';
import { processCpuMs } from '../support/process-cpu.ts';
import { wrkLoadTest } from '../support/wrk.ts';
import { type ParticipationPopulation, writeParticipation } from './participation-population.ts';

export interface ParticipationOptions extends ParticipationPopulation {
  seed: number;
  /** Requests per measured route, one at a time. */
  requests: number;
  /** Stance changes, each followed by a timed reading-room page. */
  changes: number;
  /** autocannon's connections, seconds and worker threads. */
  connections: number;
  seconds: number;
  workers: number;
  keepData: boolean;
  log: (message: string) => void;
}

export const PARTICIPATION_DEFAULTS: Omit<ParticipationOptions, 'log' | 'keepData'> = {
  seed: 20170205,
  comments: 5_000,
  replies: 1_000,
  elsewhere: 2_000,
  citizens: 500,
  stancesPerCitizen: 10,
  hiddenShare: 0.02,
  requests: 500,
  changes: 200,
  connections: 50,
  seconds: 10,
  // Two threads: autocannon spends more per answer than the server (it keeps every body as a string),
  // so on one thread it, not Carta, would set the pace.
  workers: 2,
};

/** The article with 5,000 comments: article 13 (Ciudad habitable), a long one with apartados. */
const BUSY_ARTICLE = 13;

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** The reading room's own account of a page: its time and how it was made (`page;dur=…;desc="kept"`). */
function serverTiming(response: Response): { ms: number; made: string } {
  const header = response.headers.get('server-timing') ?? '';
  const ms = Number(/dur=([\d.]+)/.exec(header)?.[1]);
  const made = /desc="(\w+)"/.exec(header)?.[1];
  if (!Number.isFinite(ms) || !made) throw new Error(`the reading room sent no Server-Timing (${header})`);
  return { ms, made };
}

function cleanLoad(result: LoadResult, what: string): LoadResult {
  if (result.non2xx + result.errors + result.timeouts > 0) {
    throw new Error(`${what}: ${result.non2xx} answers outside 2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

/**
 * A load from autocannon, with the server's processor time per answer (null without /proc). On two
 * cores autocannon, which reads every body into a string, spends more per answer than the server
 * does, so the requests per second it reaches are bounded by the client as much as by Carta; the
 * server's own cost per answer says what one core of it sustains.
 */
async function measuredLoad(carta: CartaProcess, test: Parameters<typeof loadTest>[0], what: string): Promise<LoadResult & { serverCpuMs: number | null }> {
  const pid = carta.process.pid;
  const before = pid === undefined ? null : processCpuMs(pid);
  const result = cleanLoad(await loadTest(test), what);
  const after = pid === undefined ? null : processCpuMs(pid);
  const serverCpuMs = before === null || after === null || result.total === 0 ? null : Math.round(((after - before) / result.total) * 1000) / 1000;
  return { ...result, serverCpuMs };
}

/** Answers per second one core sustains at `cpuMs` per answer. */
const perCore = (cpuMs: number | null): number => (cpuMs === null || cpuMs <= 0 ? Number.NaN : Math.round(1000 / cpuMs));

export async function participationWorkload(options: ParticipationOptions): Promise<WorkloadResult> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'carta-bench-participation-'));
  // Throughput on two cores depends on what else runs: the machine's load is part of the result.
  const loadAtStart = loadavg()[0] ?? 0;
  // Stopped in `finally` too, so a workload that fails half-way leaves no server behind.
  let carta: CartaProcess | null = null;
  try {
    log(`participation: seeding the constitution and publishing a version in ${dataDir}`);
    carta = await startCarta(dataDir);
    const member = await cartaToken(dataDir, 'member', 'Comisión (benchmark)');
    const outline = (await expectOk(await fetch(`${carta.url}/api/documents/cdmx/articles`, { headers: { authorization: `Bearer ${member}` } }), 'the outline')) as Array<{ uid: string; num: string }>;
    const busyUid = outline.find((a) => a.num === String(BUSY_ARTICLE))?.uid;
    if (!busyUid) throw new Error(`article ${BUSY_ARTICLE} is not in the outline`);
    const publish = await fetch(`${carta.url}/api/documents/cdmx/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${member}` },
      body: JSON.stringify({ name: 'Proyecto de Constitución (benchmark)', note: 'Publicada para medir la sala de lectura.' }),
    });
    await expectOk(publish, 'naming a version');
    await carta.stop();

    log(`participation: writing ${options.comments.toLocaleString('en')} comments on article ${BUSY_ARTICLE}, ${options.elsewhere.toLocaleString('en')} elsewhere, and stances`);
    // NORMAL durability only for this set-up: it is not what is measured.
    const store = openSqliteStore(dataDir, { synchronous: 'NORMAL' });
    const { doc } = await loadDocumentState(store, 'cdmx', log);
    const written = await writeParticipation(store, random, doc, { docId: 'cdmx', busyUid, articleUids: outline.map((a) => a.uid) }, options, log);
    doc.destroy();
    await store.close();

    const running = await startCarta(dataDir);
    carta = running;
    const citizen = await cartaToken(dataDir, 'citizen', 'Ciudadanía (benchmark)');
    const asCitizen = { authorization: `Bearer ${citizen}` };
    const threadsUrl = `${running.url}/api/documents/cdmx/articles/${busyUid}/comments`;

    // The first page after a start loads the text and resolves its passages; measured apart.
    let started = performance.now();
    const first = (await expectOk(await fetch(threadsUrl, { headers: asCitizen }), 'the first page of threads')) as ThreadPage;
    const firstThreadsMs = performance.now() - started;
    if (first.total !== written.threads || first.threads.length !== 50 || first.threads[0]?.id !== written.busiestThread) {
      throw new Error(`the first page lists ${first.threads.length} of ${first.total} threads, not 50 of ${written.threads} starting with the busiest`);
    }
    log(`participation: ${options.requests} first pages and pages of 200 threads`);
    const threadPage = await timeEach(options.requests, async () => {
      await expectOk(await fetch(threadsUrl, { headers: asCitizen }), 'a first page of threads');
    });
    const bigPage = await timeEach(options.requests, async () => {
      await expectOk(await fetch(`${threadsUrl}?limit=200`, { headers: asCitizen }), 'a page of 200 threads');
    });

    const roomUrl = `${running.url}/read/cdmx`;
    const asBrowser = { 'accept-encoding': 'gzip' };
    log('participation: the reading room, one request at a time');
    started = performance.now();
    const cold = await fetch(roomUrl, { headers: asBrowser });
    const coldHtml = await cold.text();
    const coldMs = performance.now() - started;
    const coldTiming = serverTiming(cold);
    // The page read is the one measured: the published constitution with the busy article's counts.
    if (cold.status !== 200 || !coldHtml.includes(`data-comments-slot="${busyUid}"`) || !coldHtml.includes(`data-count="comments" data-value="${options.comments}"`)) {
      throw new Error(`the reading room answered ${cold.status} without article ${BUSY_ARTICLE}'s ${options.comments} comments`);
    }
    const gzipBytes = Number(cold.headers.get('content-length'));
    const plain = await fetch(roomUrl, { headers: { 'accept-encoding': 'identity' } });
    const plainBytes = Buffer.byteLength(await plain.text());

    const keptServer: number[] = [];
    const keptMade = new Set<string>();
    const kept = await timeEach(options.requests, async () => {
      const response = await fetch(roomUrl, { headers: asBrowser });
      await response.arrayBuffer();
      const timing = serverTiming(response);
      keptServer.push(timing.ms);
      keptMade.add(timing.made);
    });
    if (keptMade.size !== 1 || !keptMade.has('kept')) throw new Error(`repeated pages were made as ${[...keptMade].join(', ')}, not all kept`);

    // After a stance change, once the counts may be read again (COUNTS_REFRESH_MS), the next page is
    // composed again around the kept rendering of the text, and compressed.
    const stanceUrl = `${running.url}/api/documents/cdmx/articles/${busyUid}/stance`;
    const changedServer: number[] = [];
    const changedClient: number[] = [];
    for (let i = 0; i < options.changes; i++) {
      const put = await fetch(stanceUrl, { method: 'PUT', headers: { ...asCitizen, 'content-type': 'application/json' }, body: JSON.stringify({ stance: i % 2 === 0 ? 'support' : 'oppose' }) });
      await expectOk(put, 'a stance change');
      await new Promise((resolve) => setTimeout(resolve, COUNTS_REFRESH_MS));
      started = performance.now();
      const response = await fetch(roomUrl, { headers: asBrowser });
      await response.arrayBuffer();
      changedClient.push(performance.now() - started);
      const timing = serverTiming(response);
      if (timing.made !== 'composed') throw new Error(`a page after a stance change was ${timing.made}, not composed`);
      changedServer.push(timing.ms);
    }
    const keptTime = summarize(keptServer);
    const changedTime = summarize(changedServer);
    const changed = summarize(changedClient);

    log(`participation: autocannon (${options.workers} threads), ${options.connections} connections for ${options.seconds} s, gzip and uncompressed`);
    const load = { url: roomUrl, connections: options.connections, seconds: options.seconds, workers: options.workers };
    const loadGzip = await measuredLoad(running, { ...load, headers: asBrowser }, 'the load with gzip');
    const loadPlain = await measuredLoad(running, load, 'the uncompressed load');
    const wrk = await wrkLoadTest({ url: roomUrl, connections: options.connections, seconds: options.seconds, headers: asBrowser });
    if (wrk === null) log('participation: wrk is not installed (apt-get install wrk): its figure is left out');
    else if (wrk.failures > 0) throw new Error(`the load from wrk: ${wrk.failures} failed answers`);
    await running.stop();

    return {
      workload: 'participation',
      description: `Comments on an article with ${options.comments.toLocaleString('en')} of them, and the reading room's page of the whole constitution with every article's counts, over HTTP on loopback.`,
      setup: {
        seed: options.seed,
        'threads on the busy article': written.threads,
        'replies on the busy article': written.replies,
        'threads hidden by a moderator': written.hidden,
        'comments on other articles': written.elsewhere,
        stances: written.stances,
        requestsPerRoute: options.requests,
        'stance changes timed': options.changes,
        'reading-room page (bytes, uncompressed)': plainBytes,
        'reading-room page (bytes, gzip)': gzipBytes,
        'autocannon connections': options.connections,
        'autocannon seconds': options.seconds,
        'autocannon worker threads': options.workers,
        'requests under load (gzip)': loadGzip.total,
        'requests under load (uncompressed)': loadPlain.total,
        'population set-up (s, not measured)': Math.round(written.ms / 100) / 10,
        'machine load average, 1 min, at start and end': `${loadAtStart.toFixed(1)} / ${(loadavg()[0] ?? 0).toFixed(1)}`,
      },
      figures: [
        { name: 'comments: first page after a start (loads the text, resolves passages)', value: Math.round(firstThreadsMs), unit: 'ms' },
        { name: 'comments: first page of 50 threads p50', value: threadPage.p50, unit: 'ms' },
        { name: 'comments: first page of 50 threads p99', value: threadPage.p99, unit: 'ms', target: { max: 100 } },
        { name: 'comments: page of 200 threads p99', value: bigPage.p99, unit: 'ms' },
        { name: 'reading room: first page after a start, server time (renders the text)', value: Math.round(coldTiming.ms), unit: 'ms' },
        { name: 'reading room: first page after a start, latency', value: Math.round(coldMs), unit: 'ms' },
        { name: 'reading room: kept page, server time p50', value: keptTime.p50, unit: 'ms' },
        { name: 'reading room: kept page, server time p99', value: keptTime.p99, unit: 'ms', target: { max: 50 } },
        { name: 'reading room: kept page, latency p99', value: kept.p99, unit: 'ms' },
        { name: 'reading room: after a stance change, server time p50', value: changedTime.p50, unit: 'ms' },
        { name: 'reading room: after a stance change, server time p99', value: changedTime.p99, unit: 'ms', target: { max: 50 } },
        { name: 'reading room: after a stance change, latency p99', value: changed.p99, unit: 'ms' },
        { name: 'reading room: throughput, gzip (as browsers ask), autocannon', value: loadGzip.requestsPerSecond, unit: 'requests/s', target: { min: 1000 } },
        { name: 'reading room: latency under load, gzip, p99', value: loadGzip.latencyP99, unit: 'ms' },
        { name: 'reading room: server processor time per page under load, gzip', value: loadGzip.serverCpuMs ?? Number.NaN, unit: 'ms' },
        { name: 'reading room: pages per second one server core sustains, gzip', value: perCore(loadGzip.serverCpuMs), unit: 'requests/s' },
        ...(wrk
          ? [
              { name: 'reading room: throughput, gzip, wrk', value: wrk.requestsPerSecond, unit: 'requests/s', target: { min: 1000 } },
              { name: 'reading room: latency under load, gzip, wrk, p99', value: wrk.latencyP99, unit: 'ms' },
            ]
          : []),
        { name: 'reading room: throughput, uncompressed', value: loadPlain.requestsPerSecond, unit: 'requests/s' },
        { name: 'reading room: latency under load, uncompressed, p99', value: loadPlain.latencyP99, unit: 'ms' },
        { name: 'reading room: server processor time per page under load, uncompressed', value: loadPlain.serverCpuMs ?? Number.NaN, unit: 'ms' },
      ],
      distributions: {
        'comments: first page': threadPage,
        'comments: page of 200': bigPage,
        'reading room: kept page (latency)': kept,
        'reading room: kept page (server time)': keptTime,
        'reading room: after a stance change (latency)': changed,
        'reading room: after a stance change (server time)': changedTime,
      },
    };
  } finally {
    await carta?.stop();
    if (options.keepData) log(`participation: kept the data directory ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}
