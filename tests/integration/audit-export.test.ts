/**
 * Downloading the audit bundle: `GET /api/audit/export` on a running server answers one ustar
 * archive holding exactly what `audit export` writes; the standalone verifier, run as its own
 * process on the downloaded file, accepts it with the chain's count and head, names the record
 * whose byte was flipped inside the archive (nothing recomputed), and refuses a truncated or
 * malformed archive with a plain message. The temporary folder the server writes the bundle into
 * is gone after the download, also when the client leaves halfway. Auditors and admins only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditBundle } from '../../server/audit/audit-bundle.ts';
import { EXPORT_FOLDER_PREFIX } from '../../server/audit/audit-bundle-archive.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VERIFIER = path.join(ROOT, 'verifier/verify-bundle.mjs');

let server: TestServer;
let auditor: string;
/** The temporary directory this file's server uses (TMPDIR), to see its export folders come and go. */
let tmpRoot: string;
let previousTmpdir: string | undefined;
/** Where this file writes downloads and tampered copies. */
let work: string;
let head: { count: number; hash: string };
let archive: Buffer;
let fileName: string;

const get = (route: string, token?: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${server.url}${route}`, { ...init, headers: token ? { authorization: `Bearer ${token}` } : {} });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the standalone verifier as its own Node process, as an outsider would. */
function verify(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFIER, ...args], { cwd: work }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The archive's entries, read here from the ustar layout itself (not with the verifier's reader). */
function entries(tar: Buffer): Array<{ name: string; offset: number; size: number }> {
  const out: Array<{ name: string; offset: number; size: number }> = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.toString('ascii', 0, 100).replace(/\0.*$/s, '');
    const size = Number.parseInt(header.toString('ascii', 124, 135), 8);
    out.push({ name, offset: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function entry(tar: Buffer, name: string): { offset: number; size: number } {
  const found = entries(tar).find((e) => e.name === name);
  if (!found) throw new Error(`${name} is not in the archive`);
  return found;
}

function content(tar: Buffer, name: string): Buffer {
  const { offset, size } = entry(tar, name);
  return tar.subarray(offset, offset + size);
}

function exportFolders(): string[] {
  return readdirSync(tmpRoot).filter((name) => name.startsWith(EXPORT_FOLDER_PREFIX));
}

function writeTar(name: string, bytes: Buffer): string {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  tmpRoot = mkdtempSync(path.join(tmpdir(), 'carta-export-test-'));
  previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmpRoot;
  work = mkdtempSync(path.join(tmpRoot, 'work-'));
  server = await startTestServer();
  // Real edits over the websocket, so the bundle holds logged updates of the constitution.
  const ana = await server.token('member', 'Ana Exporta');
  const before = await server.carta.store.auditHead();
  const client = connectClient(server.wsBase, ana);
  await client.synced();
  const heading = epigrafe(article(client.fragment, 5));
  for (const word of ['primera ', 'segunda ', 'tercera ']) heading.insert(0, word);
  await waitFor(async () => (await server.carta.store.auditHead()).count >= before.count + 3, 10_000, 'three update events');
  client.destroy();
  auditor = await server.token('auditor', 'Olga Exporta');
  head = await server.carta.store.auditHead();
  const response = await get('/api/audit/export', auditor);
  expect(response.status).toBe(200);
  fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? '';
  archive = Buffer.from(await response.arrayBuffer());
  expect(response.headers.get('content-length')).toBe(String(archive.length));
  expect(response.headers.get('content-type')).toBe('application/x-tar');
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="carta-audit-${head.count}.tar"`);
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
  if (previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmpdir;
  rmSync(tmpRoot, { recursive: true, force: true });
});

describe('downloading the audit bundle', () => {
  it('answers a ustar archive of exactly the files audit export writes', async () => {
    expect(archive.length % 512).toBe(0);
    expect(entries(archive).map((e) => e.name)).toEqual(['manifest.json', 'events.jsonl', 'rows.jsonl', 'updates.bin']);
    const manifest = JSON.parse(content(archive, 'manifest.json').toString('utf8')) as { count: number; head: string; createdAt: string };
    expect(manifest).toMatchObject({ format: 'carta-audit-bundle', version: 2, count: head.count, head: head.hash });
    const cli = path.join(work, 'cli-bundle');
    await exportAuditBundle(server.carta.store, cli);
    expect(content(archive, 'events.jsonl').equals(readFileSync(path.join(cli, 'events.jsonl')))).toBe(true);
    expect(content(archive, 'rows.jsonl').equals(readFileSync(path.join(cli, 'rows.jsonl')))).toBe(true);
    expect(content(archive, 'updates.bin').equals(readFileSync(path.join(cli, 'updates.bin')))).toBe(true);
    const cliManifest = JSON.parse(readFileSync(path.join(cli, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect({ ...manifest, createdAt: null }).toEqual({ ...cliManifest, createdAt: null });
    // The temporary folder the bundle was written to is removed once the answer is sent.
    await waitFor(() => exportFolders().length === 0, 5_000, 'the export folder to be removed');
  });

  it('is accepted by the standalone verifier with the right count and head, also against the noted head', async () => {
    const file = writeTar(fileName, archive);
    const plain = await verify(file);
    expect(plain, plain.stderr).toMatchObject({ code: 0, stdout: `intact: ${head.count} events, head ${head.hash}\n` });
    const noted = await verify(file, '--noted', `${head.count}:${head.hash}`);
    expect(noted.code, noted.stderr).toBe(0);
    // A head noted with the wrong hash is a rewrite.
    const wrong = await verify(file, '--noted', `${head.count}:${'0'.repeat(64)}`);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('the chain was rewritten');
  });

  it('is read by the system tar too, and its unpacked folder verifies the same', async () => {
    const tar = ['/usr/bin/tar', '/bin/tar'].find((candidate) => existsSync(candidate));
    if (!tar) return;
    const file = writeTar('system-tar.tar', archive);
    const out = path.join(work, 'unpacked');
    mkdirSync(out);
    await new Promise<void>((resolve, reject) => execFile(tar, ['-xf', file, '-C', out], (error) => (error ? reject(error) : resolve())));
    expect(readdirSync(out).sort()).toEqual(['events.jsonl', 'manifest.json', 'rows.jsonl', 'updates.bin']);
    const folder = await verify(out);
    expect(folder).toMatchObject({ code: 0, stdout: `intact: ${head.count} events, head ${head.hash}\n` });
  });
});

describe('a tampered or damaged archive', () => {
  interface Line {
    id: number;
    action: string;
    subject: string;
    update?: { offset: number; length: number };
  }

  const lines = (): Line[] =>
    content(archive, 'events.jsonl')
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);

  it('is refused when one byte of updates.bin is flipped, naming the update event', async () => {
    // The last update Ana typed over the websocket.
    const target = lines().filter((line) => line.update && line.update.length > 0).at(-1);
    if (!target?.update) throw new Error('the bundle holds no update');
    const copy = Buffer.from(archive);
    const at = entry(copy, 'updates.bin').offset + target.update.offset + Math.floor(target.update.length / 2);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    const run = await verify(writeTar('flipped-update.tar', copy));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`TAMPERED: event ${target.id} (${target.subject}): hash mismatch`);
  });

  it('is refused when one byte of an event line is flipped, naming that event', async () => {
    const target = lines().find((line) => line.action === 'token.issue');
    if (!target) throw new Error('no token.issue event');
    const copy = Buffer.from(archive);
    const events = entry(copy, 'events.jsonl');
    const text = copy.subarray(events.offset, events.offset + events.size).toString('utf8');
    // One byte of the action's name, "token.issue" → "tokem.issue": still valid JSON, a changed event.
    const lineStart = text.indexOf(`{"id":${target.id},`);
    const at = events.offset + Buffer.byteLength(text.slice(0, text.indexOf('"token.issue"', lineStart))) + 5;
    expect(String.fromCharCode(copy[at] ?? 0)).toBe('n');
    copy[at] = 'm'.charCodeAt(0);
    const run = await verify(writeTar('flipped-event.tar', copy));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`TAMPERED: event ${target.id} (${target.subject}): hash mismatch: the event was changed`);
  });

  it('is refused with a plain message when truncated anywhere, never with a crash', async () => {
    const updates = entry(archive, 'updates.bin');
    const cuts: Record<string, number> = {
      'inside the first header': 100,
      'inside updates.bin': updates.offset + Math.floor(updates.size / 2),
      'before the closing blocks': archive.length - 1024,
      'between the closing blocks': archive.length - 512,
      'one byte short': archive.length - 1,
    };
    for (const [where, length] of Object.entries(cuts)) {
      const run = await verify(writeTar(`cut-${length}.tar`, archive.subarray(0, length)));
      expect(run.code, where).toBe(1);
      expect(run.stderr, where).toMatch(/^UNREADABLE: cut-\d+\.tar: the archive is truncated/);
      expect(run.stderr, where).not.toMatch(/\n\s+at |node:internal/);
    }
    const empty = await verify(writeTar('empty.tar', Buffer.alloc(0)));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^UNREADABLE: empty\.tar: the file is empty/);
  });

  it('is refused with a plain message when it is not a well-formed ustar archive', async () => {
    const badHeader = Buffer.from(archive);
    badHeader[3] = (badHeader[3] ?? 0) ^ 0x20; // a byte of the first name: the header's checksum no longer fits
    const checksum = await verify(writeTar('bad-header.tar', badHeader));
    expect(checksum.code).toBe(1);
    expect(checksum.stderr).toMatch(/^UNREADABLE: bad-header\.tar: the header at byte 0 does not match its checksum/);

    const notTar = await verify(writeTar('not-a-tar.tar', Buffer.from('{"format":"carta-audit-bundle"}\n'.repeat(64))));
    expect(notTar.code).toBe(1);
    expect(notTar.stderr).toMatch(/^UNREADABLE: not-a-tar\.tar: not a ustar archive/);

    const missing = await verify(path.join(work, 'no-such-file.tar'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^UNREADABLE: no-such-file\.tar: there is no folder or file/);
  });
});

describe('who may download, and what is left behind', () => {
  it('lets only auditors and admins download the bundle', async () => {
    expect((await get('/api/audit/export')).status).toBe(401);
    for (const role of ['member', 'citizen'] as const) {
      const refused = await get('/api/audit/export', await server.token(role, `Sin bundle ${role}`));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'forbidden' });
    }
    const admin = await get('/api/audit/export', await server.token('admin', 'Ada Exporta'));
    expect(admin.status).toBe(200);
    await admin.arrayBuffer();
    expect((await fetch(`${server.url}/api/audit/export`, { method: 'POST' })).status).toBe(405);
  });

  it('removes the temporary bundle when the client goes away halfway through the download', async () => {
    // About 24 MB of updates, more than the sockets buffer, so the download is still running when the client leaves.
    const store = server.carta.store;
    const doc = new Y.Doc();
    await store.createDocument({ id: 'volumen', title: 'Volumen' }, Y.encodeStateAsUpdate(doc), 'system', Date.now());
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 240; i++) doc.getText('t').insert(0, String(i % 10).repeat(100_000));
    await store.appendUpdates(updates.map((update) => ({ docId: 'volumen', update, userId: 'system', receivedAt: Date.now() })));

    // The previous test's folder may still be going away: start from none.
    await waitFor(() => exportFolders().length === 0, 5_000, 'earlier export folders to be removed');
    const leave = new AbortController();
    const response = await get('/api/audit/export', auditor, { signal: leave.signal });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(first?.done).toBe(false);
    // While it is being sent, the bundle is on disk.
    expect(exportFolders()).toHaveLength(1);
    leave.abort();
    await waitFor(() => exportFolders().length === 0, 5_000, 'the export folder to be removed');
    expect(server.logs.filter((line) => line.includes('audit export'))).toEqual([]);
  });
});
