/**
 * What the audit checks say when something is wrong, in words a person acts on: a missing or
 * moved event line is named as such (not as a byte offset), the count of intact events before a
 * noted head that no longer fits is right, a blank line is refused, a compressed archive is told
 * how to unpack, old bundles are read and unknown ones refused plainly, and the command line
 * explains a missing or unusable folder and gives each subcommand its own help.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleFolderError, exportAuditBundle } from '../../server/audit/audit-bundle.ts';
import { auditCommand, auditHelpFor } from '../../server/cli/audit-command.ts';
import { type CliContext, UsageError } from '../../server/cli/cli-context.ts';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import type { CartaStore } from '../../server/storage/store.ts';
import { configFromEnv } from '../../server/config.ts';
import { eventHash, GENESIS_HASH, problemPlace, updateDigest } from '../../verifier/audit-chain.mjs';
import { AUDITED_TABLES } from '../../verifier/audit-rows.mjs';
import { verdictText, verifyBundle } from '../../verifier/verify-bundle.mjs';

let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'carta-audit-messages-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

interface EventSpec {
  actorId: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
  update?: Buffer;
}

interface Bundle {
  dir: string;
  manifest: Record<string, unknown>;
  events: string[];
  rows: string[];
  updates: Buffer;
  head: string;
}

/** A bundle written here from scratch with the chain's own hashing: events, their update bytes, the rows they stand for. */
function makeBundle(name: string, specs: EventSpec[], rows: Array<Record<string, unknown>>, version: 1 | 2 = 2): Bundle {
  let previous = GENESIS_HASH;
  let offset = 0;
  const events: string[] = [];
  const parts: Buffer[] = [];
  const documents: Record<string, number> = {};
  specs.forEach((spec, i) => {
    const event = { id: i + 1, at: 1_000 + i, actorId: spec.actorId, action: spec.action, subject: spec.subject, detail: spec.detail ? JSON.stringify(spec.detail) : null };
    previous = eventHash(previous, event, spec.update ? updateDigest(spec.update) : null);
    const line: Record<string, unknown> = { ...event, hash: previous.toString('hex') };
    if (spec.update) {
      line.update = version === 2 ? { offset, length: spec.update.length, userId: spec.actorId, receivedAt: event.at } : { offset, length: spec.update.length };
      offset += spec.update.length;
      parts.push(spec.update);
      const docId = spec.subject.slice(0, spec.subject.lastIndexOf('#'));
      documents[docId] = (documents[docId] ?? 0) + 1;
    }
    events.push(JSON.stringify(line));
  });
  const head = previous.toString('hex');
  const counts = Object.fromEntries(AUDITED_TABLES.map((table) => [table, rows.filter((row) => row.table === table).length]));
  const manifest = { format: 'carta-audit-bundle', version, createdAt: '2026-01-01T00:00:00.000Z', count: specs.length, head, documents, ...(version === 2 ? { rows: counts } : {}) };
  const bundle = { dir: path.join(work, name), manifest, events, rows: rows.map((row) => JSON.stringify(row)), updates: Buffer.concat(parts), head };
  writeBundle(bundle);
  return bundle;
}

function writeBundle(bundle: Bundle): void {
  mkdirSync(bundle.dir, { recursive: true });
  writeFileSync(path.join(bundle.dir, 'manifest.json'), JSON.stringify(bundle.manifest));
  writeFileSync(path.join(bundle.dir, 'events.jsonl'), `${bundle.events.join('\n')}\n`);
  if (bundle.manifest.version === 2) writeFileSync(path.join(bundle.dir, 'rows.jsonl'), bundle.rows.map((row) => `${row}\n`).join(''));
  writeFileSync(path.join(bundle.dir, 'updates.bin'), bundle.updates);
}

/** Ana types six updates into "d", with a version named between them (and its row). */
function sixUpdates(name: string, version: 1 | 2 = 2): Bundle {
  const update = (seq: number): EventSpec => ({ actorId: 'u-ana', action: 'update', subject: `d#${seq}`, update: Buffer.from(`update ${seq}`) });
  const specs = [update(1), update(2), update(3), { actorId: 'u-ana', action: 'version.create', subject: 'ver_1', detail: { docId: 'd', seq: 3, name: 'Uno', note: '' } }, update(4), update(5), update(6)];
  const rows = [{ table: 'versions', id: 'ver_1', docId: 'd', seq: 3, name: 'Uno', note: '', createdBy: 'u-ana', createdAt: 1_003 }];
  return makeBundle(name, specs, version === 2 ? rows : [], version);
}

describe('the bundle verifier', () => {
  it('accepts the bundle as written', async () => {
    const bundle = sixUpdates('intact');
    expect(await verifyBundle(bundle.dir)).toEqual({ ok: true, count: 7, head: bundle.head });
  });

  it('names a deleted update line as a missing event, not as a byte offset', async () => {
    const bundle = sixUpdates('deleted-line');
    bundle.events.splice(4, 1);
    writeBundle(bundle);
    const verdict = await verifyBundle(bundle.dir);
    expect(verdict).toMatchObject({ ok: false, problem: { id: 6, reason: 'event 5 is missing or out of order (found 6 in its place)' }, checked: 4 });
    expect(verdictText(verdict).err).toEqual(['TAMPERED: event 6 (d#5): event 5 is missing or out of order (found 6 in its place)', '(4 events before it are intact)']);
  });

  it('names two swapped update lines as an event out of order', async () => {
    const bundle = sixUpdates('swapped-lines');
    [bundle.events[1], bundle.events[2]] = [bundle.events[2] as string, bundle.events[1] as string];
    writeBundle(bundle);
    expect(await verifyBundle(bundle.dir)).toMatchObject({ ok: false, problem: { id: 3, reason: 'event 2 is missing or out of order (found 3 in its place)' } });
  });

  it('says an update line was edited when only its pointer into updates.bin moved', async () => {
    const bundle = sixUpdates('moved-pointer');
    bundle.events[2] = (bundle.events[2] as string).replace(/"offset":\d+/, '"offset":0');
    writeBundle(bundle);
    const verdict = await verifyBundle(bundle.dir);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem.reason).toMatch(/^its update's bytes should follow the previous update's in updates\.bin \(at byte 16\); the line says byte 0: the line was edited$/);
  });

  it('counts the events before a noted head that no longer fits without the noted one', async () => {
    const bundle = sixUpdates('noted');
    const verdict = await verifyBundle(bundle.dir, { count: 5, hash: 'f'.repeat(64) });
    expect(verdict).toMatchObject({ ok: false, problem: { id: 5 }, checked: 4 });
    expect(verdictText(verdict).err[1]).toBe('(4 events before it are intact)');
  });

  it('refuses a blank line in events.jsonl or rows.jsonl, naming it', async () => {
    const bundle = sixUpdates('blank-event-line');
    bundle.events.splice(3, 0, '');
    writeBundle(bundle);
    expect(await verifyBundle(bundle.dir)).toMatchObject({ ok: false, problem: { id: null, subject: 'events.jsonl line 4', reason: expect.stringMatching(/^is empty/) } });
    const rows = sixUpdates('blank-row-line');
    rows.rows.unshift('');
    writeBundle(rows);
    expect(await verifyBundle(rows.dir)).toMatchObject({ ok: false, problem: { subject: 'rows.jsonl line 1', reason: expect.stringMatching(/^is empty/) } });
  });

  it('tells how to unpack a gzip-compressed archive instead of calling it damaged', async () => {
    const bundle = sixUpdates('to-compress');
    const tar = ['/usr/bin/tar', '/bin/tar'].find((candidate) => existsSync(candidate));
    const archive = tar ? (execFileSync(tar, ['-cf', '-', '-C', bundle.dir, '.']) as Buffer) : Buffer.alloc(1024);
    const file = path.join(work, 'carta-audit-7.tar.gz');
    writeFileSync(file, gzipSync(archive));
    const verdict = await verifyBundle(file);
    expect(verdict).toMatchObject({ ok: false, unreadable: true });
    expect(verdictText(verdict).err[0]).toBe(
      'UNREADABLE: carta-audit-7.tar.gz: the file looks gzip-compressed, not a plain .tar: unpack it first: "tar -xzf carta-audit-7.tar.gz" and check the folder it makes, or "gunzip carta-audit-7.tar.gz" and check the .tar',
    );
  });

  it('reads a version-1 bundle (the chain alone) and says only its chain was checked', async () => {
    const bundle = sixUpdates('version-1', 1);
    const verdict = await verifyBundle(bundle.dir);
    expect(verdict).toEqual({ ok: true, count: 7, head: bundle.head, chainOnly: true });
    expect(verdictText(verdict).out[0]).toMatch(/^intact: 7 events, head [0-9a-f]{64} \(a version-1 bundle: it carries no rows, so only the chain was checked\)$/);
  });

  it('refuses a bundle of a version it does not know, or not a Carta bundle, saying so', async () => {
    const bundle = sixUpdates('version-9');
    writeFileSync(path.join(bundle.dir, 'manifest.json'), JSON.stringify({ ...bundle.manifest, version: 9 }));
    const verdict = await verifyBundle(bundle.dir);
    expect(verdict).toMatchObject({ ok: false, unreadable: true, problem: { subject: 'manifest.json' } });
    expect(verdictText(verdict).err[0]).toMatch(/^UNREADABLE: manifest\.json: says the bundle is of version 9; this verifier reads versions 1 and 2/);
    writeFileSync(path.join(bundle.dir, 'manifest.json'), JSON.stringify({ ...bundle.manifest, format: 'zip' }));
    expect(await verifyBundle(bundle.dir)).toMatchObject({ ok: false, unreadable: true, problem: { reason: expect.stringMatching(/is not a Carta audit bundle's manifest/) } });
  });

  it('names a version row no event stands for, and a missing rows.jsonl', async () => {
    const bundle = sixUpdates('forged-row');
    bundle.rows.push(JSON.stringify({ table: 'versions', id: 'ver_x', docId: 'd', seq: 1, name: 'Falsa', note: '', createdBy: 'u-ana', createdAt: 1 }));
    bundle.manifest.rows = { ...(bundle.manifest.rows as Record<string, number>), versions: 2 };
    writeBundle(bundle);
    const verdict = await verifyBundle(bundle.dir);
    expect(verdict).toMatchObject({ ok: false, problem: { id: null, subject: 'versions ver_x', reason: 'no version.create event in the chain stands for this row: it was added outside Carta' } });
    expect(verdictText(verdict).err).toEqual([
      'TAMPERED: versions ver_x: no version.create event in the chain stands for this row: it was added outside Carta',
      '(the 7 events are chained correctly; versions ver_x does not match them)',
    ]);
    rmSync(path.join(bundle.dir, 'rows.jsonl'));
    expect(await verifyBundle(bundle.dir)).toMatchObject({ ok: false, problem: { subject: 'rows.jsonl', reason: 'is missing from the bundle (a version-2 bundle carries it)' } });
  });
});

describe('where a problem is', () => {
  it('is an event with its subject, a record by name, or nothing for the chain as a whole', () => {
    expect(problemPlace({ id: 12, subject: 'd#5', reason: '' })).toBe('event 12 (d#5)');
    expect(problemPlace({ id: null, subject: 'versions ver_x', reason: '' })).toBe('versions ver_x');
    expect(problemPlace({ id: null, subject: '', reason: '' })).toBe('');
  });
});

/** A command-line context over `store`, collecting what it prints. */
function cliContext(store: CartaStore | null): CliContext & { lines: string[] } {
  const lines: string[] = [];
  return {
    config: configFromEnv(),
    store: () => {
      if (!store) throw new Error('this call should not need the store');
      return store;
    },
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    close: async () => {},
    lines,
  };
}

describe('carta audit', () => {
  it('says the folder is required when audit export is given none', async () => {
    const call = auditCommand(['export'], cliContext(null));
    await expect(call).rejects.toBeInstanceOf(UsageError);
    await expect(auditCommand(['export'], cliContext(null))).rejects.toThrow('audit export needs the folder to write the bundle into: carta audit export DIR');
    await expect(auditCommand(['frobnicate'], cliContext(null))).rejects.toThrow('there is no audit command "frobnicate"; say head, verify or export');
    await expect(auditCommand(['verify', 'extra'], cliContext(null))).rejects.toThrow(/"extra" is extra/);
  });

  it('gives each subcommand its own help, and the whole command its summary', () => {
    expect(auditHelpFor(['verify', '--help'])).toMatch(/^carta audit verify \[--noted COUNT:HASH\]/);
    expect(auditHelpFor(['export', '--help'])).toMatch(/^carta audit export DIR/);
    expect(auditHelpFor(['head', '-h'])).toMatch(/^carta audit head\n\nPrints the number of audit events/);
    expect(auditHelpFor(['--help'])).toMatch(/^carta audit head\ncarta audit verify .*\ncarta audit export DIR/);
  });

  describe('on a small store', () => {
    let dir: string;
    let store: ReturnType<typeof openSqliteStore>;

    beforeAll(async () => {
      dir = path.join(work, 'store');
      store = openSqliteStore(dir, { synchronous: 'NORMAL' });
      await store.ensureUser({ id: 'u-ana', name: 'Ana', role: 'member' }, 1);
      await store.ensureUser({ id: 'u-beto', name: 'Beto', role: 'member' }, 2);
    });

    afterAll(async () => {
      await store.close();
    });

    it('says "BROKEN:" with the reason when the chain as a whole is short of a noted head, and how many events are intact', async () => {
      const ctx = cliContext(store);
      await expect(auditCommand(['verify', '--noted', `9:${'a'.repeat(64)}`], ctx)).rejects.toThrow('the audit chain does not verify');
      expect(ctx.lines).toEqual(['BROKEN: the chain holds 2 events, fewer than the 9 noted: events were removed', 'The 2 events it holds are chained correctly.']);
    });

    it('counts the events before a noted head that no longer fits without the noted one', async () => {
      const ctx = cliContext(store);
      await expect(auditCommand(['verify', '--noted', `2:${'a'.repeat(64)}`], ctx)).rejects.toThrow('the audit chain does not verify');
      expect(ctx.lines[0]).toMatch(/^BROKEN at event 2 \(u-beto\): the chain was rewritten/);
      expect(ctx.lines[1]).toBe('1 event before it is intact.');
    });

    it('refuses a folder it cannot make at once, with the reason, instead of retrying forever', async () => {
      if (existsSync('/proc/self')) {
        const started = performance.now();
        await expect(exportAuditBundle(store, '/proc/nope')).rejects.toThrow(/^cannot create the folder \/proc\/nope for the bundle: ENOENT/);
        expect(performance.now() - started).toBeLessThan(5_000);
      }
      const file = path.join(work, 'a-file');
      writeFileSync(file, 'x');
      await expect(exportAuditBundle(store, file)).rejects.toBeInstanceOf(BundleFolderError);
      await expect(exportAuditBundle(store, file)).rejects.toThrow(`${file} is a file, not a folder`);
      await expect(exportAuditBundle(store, path.join(file, 'inside'))).rejects.toThrow(`${file} is a file, not a folder`);
    });

    it('makes missing folders one at a time and writes the bundle there', async () => {
      const deep = path.join(work, 'new', 'deeper', 'bundle');
      const manifest = await exportAuditBundle(store, deep);
      expect(manifest).toMatchObject({ version: 2, count: 2, rows: { users: 2 } });
      expect(readFileSync(path.join(deep, 'rows.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string })).toMatchObject([{ id: 'u-ana' }, { id: 'u-beto' }]);
      expect(await verifyBundle(deep)).toMatchObject({ ok: true, count: 2 });
    });
  });
});
