/**
 * History at the size of a long drafting process (issue: version history and audit log). The
 * constitution is seeded, then the whole automerge-paper editing trace (259,778 single-character
 * inserts and deletes, ../shared/data/traces) is typed into one paragraph of it, one logged update
 * per keystroke, spread over 30 days, with checkpoints every 1,000 updates as the server writes them.
 * Measured over HTTP against a Carta process, one request at a time:
 *
 * - opening a random version, `GET /api/documents/cdmx/versions/:seq` (target ≤ 300 ms);
 * - the attributed diff of two random full-constitution versions, `GET …/diff?from=&to=` (target ≤ 200 ms);
 * - `audit verify` of 1,000,000 events (a store of its own: the constitution and a million logged
 *   updates, each an audit event), in this process (target ≤ 10 s).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import { loadDocumentState } from '../../server/collab/room-registry.ts';
import { FIRST_MEMBER } from '../../server/documents/system-users.ts';
import { openSqliteStore, type SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { article } from '../../tests/support/legal-y-doc.ts';
import { seededRandom } from '../../tests/support/seeded-random.ts';
import type { WorkloadResult } from '../support/bench-result.ts';
import { cartaToken, startCarta } from '../support/carta-process.ts';
import { timeEach } from '../support/latency.ts';

const TRACE = path.resolve(import.meta.dirname, '../../../shared/data/traces/automerge-paper.json.gz');
const DAY_MS = 86_400_000;
const CHECKPOINT_EVERY = 1_000;

export interface HistoryOptions {
  seed: number;
  /** How many of the trace's keystrokes to replay (all of them by default). */
  keystrokes: number;
  /** Events in the store whose audit chain is verified. */
  auditEvents: number;
  requests: number;
  keepData: boolean;
  log: (message: string) => void;
}

export const HISTORY_DEFAULTS: Omit<HistoryOptions, 'log' | 'keepData'> = { seed: 20170205, keystrokes: 259_778, auditEvents: 1_000_000, requests: 100 };

interface Trace {
  txns: Array<{ patches: Array<[number, number, string?]> }>;
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** Writes the trace into the seeded constitution's log as one member's keystrokes. */
async function writeTrace(store: SqliteStore, keystrokes: number, log: (m: string) => void): Promise<number> {
  const trace = JSON.parse(gunzipSync(readFileSync(TRACE)).toString('utf8')) as Trace;
  const { doc, seq: startSeq } = await loadDocumentState(store, 'cdmx', log);
  // The first body paragraph of article 3 (inside an apartado if the article has them).
  const firstBody = (element: Y.XmlElement): Y.XmlText | null => {
    for (const child of element.toArray()) {
      if (!(child instanceof Y.XmlElement) || child.nodeName === 'epigrafe') continue;
      const own = child.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText);
      const found = own && child.nodeName !== 'apartado_epigrafe' ? own : firstBody(child);
      if (found) return found;
    }
    return null;
  };
  const text = firstBody(article(doc.getXmlFragment('prosemirror'), 3));
  if (!text) throw new Error('no paragraph to type into');
  // The trace types into an empty text: it goes at the end of the paragraph's existing words.
  const base = text.length;
  await store.ensureUser({ id: FIRST_MEMBER.id, name: FIRST_MEMBER.name, role: 'member' }, Date.now());
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const count = Math.min(keystrokes, trace.txns.length);
  const start = Date.now() - 30 * DAY_MS;
  let seq = startSeq;
  for (let i = 0; i < count; i++) {
    for (const [pos, del, ins] of trace.txns[i]?.patches ?? []) {
      if (del > 0) text.delete(base + pos, del);
      if (ins) text.insert(base + pos, ins);
    }
    if (pending.length >= CHECKPOINT_EVERY || i === count - 1) {
      const at = (k: number): number => start + Math.floor(((i - pending.length + 1 + k) / count) * 30 * DAY_MS);
      await store.appendUpdates(pending.map((update, k) => ({ docId: 'cdmx', update, userId: FIRST_MEMBER.id, receivedAt: at(k) })));
      seq += pending.length;
      pending.length = 0;
      // Batches are CHECKPOINT_EVERY updates long: a checkpoint after each, as the server writes them.
      await store.writeCheckpoint('cdmx', { seq, state: Y.encodeStateAsUpdate(doc), createdAt: Date.now() });
      if (i % 50_000 < 1_000) log(`  ${(i + 1).toLocaleString('en')} keystrokes logged`);
    }
  }
  doc.destroy();
  return seq;
}

/** A store whose audit chain holds `events` events (a small document's keystrokes), for timing `audit verify`. */
async function auditStore(dir: string, events: number, log: (m: string) => void): Promise<SqliteStore> {
  const store = openSqliteStore(dir, { synchronous: 'NORMAL' });
  await store.ensureUser({ id: 'bench', name: 'Benchmark', role: 'member' }, 1);
  const doc = new Y.Doc();
  await store.createDocument({ id: 'audit', title: 'Audit' }, Y.encodeStateAsUpdate(doc), 'bench', 1);
  const pending: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => pending.push(update));
  const text = doc.getText('t');
  let written = (await store.auditHead()).count;
  while (written < events) {
    const n = Math.min(10_000, events - written);
    for (let k = 0; k < n; k++) text.insert(k % 500, 'x');
    await store.appendUpdates(pending.map((update) => ({ docId: 'audit', update, userId: 'bench', receivedAt: Date.now() })));
    written += pending.length;
    pending.length = 0;
    if (written % 200_000 < 10_000) log(`  ${written.toLocaleString('en')} audit events`);
  }
  return store;
}

export async function historyWorkload(options: HistoryOptions): Promise<WorkloadResult> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'carta-bench-history-'));
  const auditDir = mkdtempSync(path.join(tmpdir(), 'carta-bench-audit-'));
  try {
    log(`history: seeding the constitution in ${dataDir}`);
    let carta = await startCarta(dataDir);
    await carta.stop();
    log(`history: typing ${options.keystrokes.toLocaleString('en')} keystrokes of automerge-paper into article 3`);
    let setupStarted = performance.now();
    const store = openSqliteStore(dataDir, { synchronous: 'NORMAL' });
    const lastSeq = await writeTrace(store, options.keystrokes, log);
    await store.close();
    const traceSetupMs = performance.now() - setupStarted;

    carta = await startCarta(dataDir);
    const citizen = await cartaToken(dataDir, 'citizen', 'Ciudadanía (benchmark)');
    const get = async (route: string, what: string): Promise<unknown> =>
      expectOk(await fetch(`${carta.url}${route}`, { headers: { authorization: `Bearer ${citizen}` } }), what);
    // The first diff decodes the whole log into the attribution index; measured apart.
    let started = performance.now();
    await get(`/api/documents/cdmx/diff?from=1&to=${lastSeq}`, 'the first diff');
    const firstDiffMs = performance.now() - started;
    const timeline = (await get('/api/documents/cdmx/versions', 'the timeline')) as { daily: unknown[] };

    log(`history: ${options.requests} version reads and diffs`);
    const open = await timeEach(options.requests, async () => {
      await get(`/api/documents/cdmx/versions/${1 + random.int(lastSeq)}`, 'a version');
    });
    let changedBlocks = 0;
    const diff = await timeEach(options.requests, async () => {
      const a = 1 + random.int(lastSeq);
      const b = 1 + random.int(lastSeq);
      const answer = (await get(`/api/documents/cdmx/diff?from=${Math.min(a, b)}&to=${Math.max(a, b)}`, 'a diff')) as { blocks: unknown[] };
      changedBlocks += answer.blocks.length;
    });
    await carta.stop();

    log(`history: building an audit chain of ${options.auditEvents.toLocaleString('en')} events`);
    setupStarted = performance.now();
    const audit = await auditStore(auditDir, options.auditEvents, log);
    const auditSetupMs = performance.now() - setupStarted;
    started = performance.now();
    const verdict = await verifyAuditChain(audit);
    const verifyMs = performance.now() - started;
    await audit.close();
    if (!verdict.ok) throw new Error(`audit verify failed on an untouched store: ${verdict.problem.reason}`);

    return {
      workload: 'history',
      description: 'Versions, attributed diffs and audit verification over a log holding the automerge-paper trace, over HTTP, one request at a time.',
      setup: {
        seed: options.seed,
        keystrokes: options.keystrokes,
        'log length (updates)': lastSeq,
        'daily points on the timeline': timeline.daily.length,
        'changed blocks per diff (mean)': Math.round(changedBlocks / options.requests),
        'audit events verified': verdict.count,
        'trace set-up (s, not measured)': Math.round(traceSetupMs / 100) / 10,
        'audit set-up (s, not measured)': Math.round(auditSetupMs / 100) / 10,
      },
      figures: [
        { name: 'first diff after a start (builds the attribution index)', value: Math.round(firstDiffMs), unit: 'ms' },
        { name: 'open a version p99', value: open.p99, unit: 'ms', target: { max: 300 } },
        { name: 'diff two versions p99', value: diff.p99, unit: 'ms', target: { max: 200 } },
        { name: `audit verify of ${options.auditEvents.toLocaleString('en')} events`, value: Math.round(verifyMs), unit: 'ms', target: { max: 10_000 } },
      ],
      distributions: { 'open a version': open, 'diff two versions': diff },
    };
  } finally {
    if (options.keepData) log(`history: kept ${dataDir} and ${auditDir}`);
    else {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(auditDir, { recursive: true, force: true });
    }
  }
}
