/**
 * The audit bundle as one download (`GET /api/audit/export`): written by `exportAuditBundle` into
 * a temporary folder exactly as `audit export` writes it, then sent as a ustar archive of its
 * four files. The folder is removed afterwards, whether the download finished, failed or its
 * client went away (which also stops an export still being written).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { CartaStore } from '../storage/store.ts';
import { exportAuditBundle } from './audit-bundle.ts';
import { ustarChunks, ustarSize } from './ustar-writer.ts';

/** The bundle's files, in the order the archive holds them (the manifest first: it is what a reader wants first). */
export const BUNDLE_FILES = ['manifest.json', 'events.jsonl', 'rows.jsonl', 'updates.bin'] as const;

/** The prefix of the temporary folders (in the system's temporary directory). */
export const EXPORT_FOLDER_PREFIX = 'carta-audit-export-';

/** The download's file name, which tells how many events it holds. */
export function bundleFileName(count: number): string {
  return `carta-audit-${count}.tar`;
}

/**
 * Writes the bundle and streams it to `res`. Errors before the answer starts are thrown (the error
 * middleware answers them); after it started, the connection is cut (a tar cut short is refused by
 * the verifier) and the error logged unless the client itself went away.
 */
export async function sendAuditBundle(store: CartaStore, res: Response, log: (message: string) => void): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), EXPORT_FOLDER_PREFIX));
  const gone = new AbortController();
  const onClose = (): void => {
    if (!res.writableFinished) gone.abort(new Error('the client went away'));
  };
  res.on('close', onClose);
  try {
    const bundle = path.join(folder, 'bundle');
    const manifest = await exportAuditBundle(store, bundle, undefined, gone.signal);
    const files = await Promise.all(BUNDLE_FILES.map(async (name) => ({ name, path: path.join(bundle, name), size: (await stat(path.join(bundle, name))).size })));
    res.status(200).set({
      'Content-Type': 'application/x-tar',
      'Content-Disposition': `attachment; filename="${bundleFileName(manifest.count)}"`,
      'Content-Length': String(ustarSize(files)),
      'Cache-Control': 'no-store',
    });
    try {
      await pipeline(Readable.from(ustarChunks(files)), res);
    } catch (error) {
      if (!gone.signal.aborted) log(`audit export: the download of ${bundleFileName(manifest.count)} failed: ${error instanceof Error ? error.message : String(error)}`);
      res.destroy();
    }
  } catch (error) {
    // Stopped because the client left: nobody is waiting for an answer.
    if (gone.signal.aborted) return;
    throw error;
  } finally {
    res.off('close', onClose);
    await rm(folder, { recursive: true, force: true });
  }
}
