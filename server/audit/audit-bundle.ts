/**
 * `audit export`: writes the whole audit chain as a bundle an outsider can check without the
 * database (verifier/verify-bundle.mjs):
 *
 *   manifest.json  what the bundle holds: event count, head hash, updates per document, rows per table
 *   events.jsonl   one event a line, in chain order: {id, at, actorId, action, subject, detail, hash,
 *                  update?: {offset, length, userId, receivedAt}} — `detail` is the stored JSON text,
 *                  `hash` hex; `update` is the logged update: where its bytes are, and who the log
 *                  credits with it and when (what history and blame show)
 *   rows.jsonl     the rows history is read from, table by table in written order, as their events
 *                  vouch for them: {table, …fields} (verifier/audit-rows.mjs)
 *   updates.bin    the bytes of every logged update, back to back, where the events point
 *
 * Everything comes from one snapshot (storage/audited-rows.ts): events, updates and rows written
 * while the bundle is being written are left for the next bundle.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { AUDITED_TABLES, type AuditedTable } from '../../verifier/audit-rows.mjs';
import type { CartaStore } from '../storage/store.ts';

export const BUNDLE_FORMAT = 'carta-audit-bundle';
/** 2: the log's stamps on each update and rows.jsonl (1 held the chain alone; the verifier still reads it). */
export const BUNDLE_VERSION = 2;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  createdAt: string;
  count: number;
  head: string;
  /** Updates of each document that the bundle's events name (and updates.bin holds). */
  documents: Record<string, number>;
  /** Rows of each checked table that rows.jsonl holds. */
  rows: Record<AuditedTable, number>;
}

/** The bundle folder cannot be made or used: said as it is, not as a stack. */
export class BundleFolderError extends Error {
  override name = 'BundleFolderError';
}

/**
 * Events read per round trip. Reading a page is synchronous: 1,000 keeps the server's thread free
 * within about 12 ms while a download writes a million events (5,000: 47 ms), in the same total time.
 */
const PAGE = 1_000;

function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(chunk)) return resolve();
    // Each wait removes the listener it did not need: a bundle waits for 'drain' thousands of
    // times, and listeners left behind pile up on the stream (a leak, and a warning in the server's log).
    const drained = (): void => {
      stream.off('error', failed);
      resolve();
    };
    const failed = (error: Error): void => {
      stream.off('drain', drained);
      reject(error);
    };
    stream.once('drain', drained);
    stream.once('error', failed);
  });
}

function finish(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(resolve);
  });
}

/**
 * Makes `dir` (and any missing folder above it) and checks that it is empty, so that no old file
 * is mistaken for part of this bundle. The folders are made one at a time: Node's recursive mkdir
 * never returns for some places the system refuses (under /proc it retries forever).
 */
function prepareFolder(dir: string): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  let existing = target;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (existsSync(existing) && !statSync(existing).isDirectory()) {
    throw new BundleFolderError(`${existing === target ? dir : existing} is a file, not a folder; give a new or empty folder for the bundle`);
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      throw new BundleFolderError(`cannot create the folder ${folder} for the bundle: ${(error as Error).message}`);
    }
  }
  if (readdirSync(target).length > 0) throw new BundleFolderError(`${dir} is not empty; give a new or empty folder for the bundle`);
}

/**
 * Writes the bundle into `dir` (created; it must be empty). The events, updates and rows are read
 * page by page and streamed to disk. `signal` stops it between pages (a download whose client
 * went away); the files are closed.
 */
export async function exportAuditBundle(
  store: CartaStore,
  dir: string,
  onProgress?: (written: number, total: number) => void,
  signal?: AbortSignal,
): Promise<BundleManifest> {
  prepareFolder(dir);
  const snapshot = await store.auditedRows.snapshot();
  const { head } = snapshot;
  const events = createWriteStream(path.join(dir, 'events.jsonl'));
  const rows = createWriteStream(path.join(dir, 'rows.jsonl'));
  const updates = createWriteStream(path.join(dir, 'updates.bin'));
  const seenUpdates: Record<string, number> = {};
  const rowCounts = Object.fromEntries(AUDITED_TABLES.map((table) => [table, 0])) as Record<AuditedTable, number>;
  let offset = 0;
  let written = 0;
  let after = 0;
  let last = { id: 0, hash: '0'.repeat(64) };
  try {
    while (written < head.count) {
      signal?.throwIfAborted();
      const records = await store.auditRecords(after, Math.min(PAGE, head.count - written));
      if (records.length === 0) break;
      for (const record of records) {
        const line: Record<string, unknown> = {
          id: record.id,
          at: record.at,
          actorId: record.actorId,
          action: record.action,
          subject: record.subject,
          detail: record.detail,
          hash: record.hash,
        };
        if (record.update) {
          line.update = { offset, length: record.update.byteLength, userId: record.logged?.userId ?? null, receivedAt: record.logged?.receivedAt ?? null };
          await write(updates, record.update);
          offset += record.update.byteLength;
          const docId = record.subject.slice(0, record.subject.lastIndexOf('#'));
          seenUpdates[docId] = (seenUpdates[docId] ?? 0) + 1;
        }
        await write(events, `${JSON.stringify(line)}\n`);
        last = { id: record.id, hash: record.hash };
        written++;
      }
      after = last.id;
      onProgress?.(written, head.count);
    }
    for (const table of AUDITED_TABLES) {
      let position = 0;
      for (;;) {
        signal?.throwIfAborted();
        const page = await store.auditedRows.page(table, position, snapshot.rowEnds[table], PAGE);
        for (const entry of page) await write(rows, `${JSON.stringify({ table, ...entry.row })}\n`);
        rowCounts[table] += page.length;
        const end = page.at(-1);
        if (!end || page.length < PAGE) break;
        position = end.position;
      }
    }
  } catch (error) {
    events.destroy();
    rows.destroy();
    updates.destroy();
    throw error;
  }
  await Promise.all([finish(events), finish(rows), finish(updates)]);
  // The updates the bundle's events name (updates logged after the snapshot are left out with their events).
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    count: written,
    head: last.hash,
    documents: seenUpdates,
    rows: rowCounts,
  };
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
