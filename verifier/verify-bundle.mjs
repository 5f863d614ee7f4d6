#!/usr/bin/env node
// Checks a Carta audit bundle (written by `npm run carta -- audit export DIR`, or downloaded from
// the history page as carta-audit-N.tar) without the database and without installing anything:
// Node 20 or later is enough.
//
//   node verifier/verify-bundle.mjs DIR|FILE.tar [--noted COUNT:HASH]
//
// It recomputes every event's SHA-256 link from the first, with the bytes of every update, checks
// that the rows the bundle carries (who each update is credited to and when; versions, links,
// comments and their moderation, users, documents: the rows history is read from) are the ones the
// events recorded, and names the first record that does not fit. With --noted (a count and head
// hash someone wrote down earlier, as Carta's footer shows them) it also checks that the chain
// still passes through that head, which is how a rewrite of the history's end is caught. A .tar
// is read in place (its files are found through the archive's headers, verifier/ustar-reader.mjs).
// Bundles of version 1 (the chain alone, no rows) are still read; only their chain is checked.
// Exit 0: intact; 1: tampered or unreadable; 2: wrong call.
import { closeSync, createReadStream, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createChainChecker, problemPlace, UPDATE_ACTION } from './audit-chain.mjs';
import { AUDITED_TABLES, auditedTableOf, createRowChecker, updateStampProblem } from './audit-rows.mjs';
import { readUstarIndex, TarError } from './ustar-reader.mjs';

const USAGE = 'usage: node verifier/verify-bundle.mjs DIR|FILE.tar [--noted COUNT:HASH]';
const FORMAT = 'carta-audit-bundle';
/** The bundle versions this verifier reads: 1 (the chain), 2 (the chain, the log's stamps and the rows). */
const VERSIONS = [1, 2];
const REQUIRED_FILES = ['manifest.json', 'events.jsonl', 'updates.bin'];
/** Carried from version 2 on. */
const ROWS_FILE = 'rows.jsonl';

/** Compressed files by their first bytes: each is refused with the way to unpack it. */
const COMPRESSED = [
  { magic: [0x1f, 0x8b], kind: 'gzip', unpack: (file) => `unpack it first: "tar -xzf ${file}" and check the folder it makes, or "gunzip ${file}" and check the .tar` },
  { magic: [0x42, 0x5a, 0x68], kind: 'bzip2', unpack: (file) => `unpack it first: "tar -xjf ${file}" and check the folder it makes` },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: 'xz', unpack: (file) => `unpack it first: "tar -xJf ${file}" and check the folder it makes` },
  { magic: [0x50, 0x4b, 0x03, 0x04], kind: 'zip', unpack: (file) => `unpack it first ("unzip ${file}") and check the folder it makes` },
];

function parseArgs(argv) {
  const args = { dir: null, noted: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--noted') {
      const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(argv[++i] ?? '');
      if (!match) throw new Error('--noted takes COUNT:HASH, for example 1234:9f86d08…(64 hex digits)');
      args.noted = { count: Number(match[1]), hash: match[2].toLowerCase() };
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (!args.dir) args.dir = arg;
    else throw new Error(`unexpected argument "${arg}"`);
  }
  if (!args.dir) throw new Error('give the bundle folder or its .tar file');
  return args;
}

/** Reads `length` bytes at `offset` of updates.bin (which starts at `base` in the open file), or undefined when it is shorter. */
function readUpdate(updates, where) {
  if (!where || !Number.isSafeInteger(where.offset) || !Number.isSafeInteger(where.length) || where.offset < 0 || where.length < 0) return undefined;
  if (where.offset + where.length > updates.size) return undefined;
  const bytes = Buffer.alloc(where.length);
  readSync(updates.fd, bytes, 0, where.length, updates.base + where.offset);
  return bytes;
}

/** A stream of `size` bytes from `offset` of `file`; `end` is inclusive, so an empty file needs a stream of its own. */
function rangeStream(file, offset, size) {
  return size === 0 ? Readable.from([]) : createReadStream(file, { start: offset, end: offset + size - 1 });
}

/** A bundle folder: its files, each on its own. */
function openFolder(dir) {
  const file = (name) => path.join(dir, name);
  const missing = REQUIRED_FILES.find((name) => !existsSync(file(name)));
  if (missing) return { missing };
  const fd = openSync(file('updates.bin'), 'r');
  return {
    manifestText: () => readFileSync(file('manifest.json'), 'utf8'),
    eventsStream: () => createReadStream(file('events.jsonl')),
    rowsStream: () => (existsSync(file(ROWS_FILE)) ? createReadStream(file(ROWS_FILE)) : null),
    updates: { fd, base: 0, size: fstatSync(fd).size },
    close: () => closeSync(fd),
  };
}

/** The kind of compression the file at `fd` starts with, or null. */
function compressionOf(fd) {
  const start = Buffer.alloc(6);
  const read = readSync(fd, start, 0, start.length, 0);
  return COMPRESSED.find(({ magic }) => read >= magic.length && magic.every((byte, i) => start[i] === byte)) ?? null;
}

/** A bundle archive: its files found by name (also inside one folder, as `tar cf x.tar bundle/` writes them), read in place. */
function openArchive(archive) {
  const fd = openSync(archive, 'r');
  try {
    const compressed = compressionOf(fd);
    if (compressed) throw new TarError(`the file looks ${compressed.kind}-compressed, not a plain .tar: ${compressed.unpack(path.basename(archive))}`);
    const index = readUstarIndex(fd);
    const found = {};
    for (const name of [...REQUIRED_FILES, ROWS_FILE]) {
      const matches = [...index].filter(([entry]) => entry === name || entry.endsWith(`/${name}`));
      if (matches.length > 1) throw new TarError(`the archive holds ${matches.length} files named ${name}`);
      if (matches.length === 1) found[name] = matches[0][1];
      else if (name !== ROWS_FILE) {
        closeSync(fd);
        return { missing: name };
      }
    }
    const read = (entry) => {
      const bytes = Buffer.alloc(entry.size);
      readSync(fd, bytes, 0, entry.size, entry.offset);
      return bytes;
    };
    const events = found['events.jsonl'];
    const rows = found[ROWS_FILE];
    const updates = found['updates.bin'];
    return {
      manifestText: () => read(found['manifest.json']).toString('utf8'),
      eventsStream: () => rangeStream(archive, events.offset, events.size),
      rowsStream: () => (rows ? rangeStream(archive, rows.offset, rows.size) : null),
      updates: { fd, base: updates.offset, size: updates.size },
      close: () => closeSync(fd),
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The manifest's own problem (not a Carta bundle, a version this verifier does not read), or null. */
function manifestProblem(manifest) {
  if (manifest.format !== FORMAT) return `is not a Carta audit bundle's manifest (its format is ${JSON.stringify(manifest.format)}, not "${FORMAT}")`;
  if (!VERSIONS.includes(manifest.version)) {
    return `says the bundle is of version ${JSON.stringify(manifest.version)}; this verifier reads versions ${VERSIONS.join(' and ')}: use the verifier/ folder of the Carta that wrote the bundle`;
  }
  return null;
}

/**
 * Reads rows.jsonl into one queue per table, in written order. These are the rows of a few kinds
 * of writes (versions, links, comments, people), never the logged updates, so they fit in memory.
 * Answers { queues } or { problem }.
 */
async function readRows(stream, manifest) {
  const queues = new Map(AUDITED_TABLES.map((table) => [table, []]));
  let lineNo = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNo++;
    const where = `${ROWS_FILE} line ${lineNo}`;
    if (line === '') return { problem: { id: null, subject: where, reason: 'is empty: a line was removed from it or added to it' } };
    let row;
    try {
      row = JSON.parse(line);
    } catch {
      return { problem: { id: null, subject: where, reason: 'is not a JSON line' } };
    }
    const queue = typeof row === 'object' && row !== null ? queues.get(row.table) : undefined;
    if (!queue) return { problem: { id: null, subject: where, reason: `names no table this verifier checks (${JSON.stringify(row?.table)})` } };
    queue.push(row);
  }
  const counted = manifest.rows ?? {};
  for (const [table, queue] of queues) {
    if (counted[table] !== queue.length) {
      return { problem: { id: null, subject: ROWS_FILE, reason: `holds ${queue.length} rows of ${table}; the manifest says ${JSON.stringify(counted[table] ?? null)}` } };
    }
  }
  return { queues };
}

/**
 * Checks the bundle at `where`: a folder, or a .tar archive of one. The verdict names the first
 * bad record; a bundle that cannot be read as one (a truncated or compressed archive, a manifest
 * of another kind or version) is refused with `unreadable: true`. `chainOnly`: a version-1
 * bundle, which carries no rows, so only its chain was checked.
 */
export async function verifyBundle(where, noted = null) {
  const found = statSync(where, { throwIfNoEntry: false });
  const unreadable = (subject, reason) => ({ ok: false, problem: { id: null, subject, reason }, checked: 0, unreadable: true });
  if (!found) return unreadable(path.basename(where), `there is no folder or file ${where}`);
  let bundle;
  try {
    bundle = found.isDirectory() ? openFolder(where) : openArchive(where);
  } catch (error) {
    if (!(error instanceof TarError)) throw error;
    return unreadable(path.basename(where), error.message);
  }
  if (bundle.missing) return { ok: false, problem: { id: null, subject: bundle.missing, reason: 'is missing from the bundle' }, checked: 0 };
  const checker = createChainChecker();
  const rowChecker = createRowChecker();
  // `checked`: the events before the problem that are intact; an event the chain accepted is not counted when the problem is its row or its log entry.
  const fail = (problem, accepted = false) => ({ ok: false, problem, checked: accepted ? checker.count - 1 : checker.count });
  try {
    let manifest;
    try {
      manifest = JSON.parse(bundle.manifestText());
      if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new Error('not a JSON object');
    } catch (error) {
      return fail({ id: null, subject: 'manifest.json', reason: `unreadable: ${error.message}` });
    }
    const refused = manifestProblem(manifest);
    if (refused) return unreadable('manifest.json', refused);
    const withRows = manifest.version >= 2;
    let queues = null;
    if (withRows) {
      const stream = bundle.rowsStream();
      if (!stream) return fail({ id: null, subject: ROWS_FILE, reason: `is missing from the bundle (a version-${manifest.version} bundle carries it)` });
      const rows = await readRows(stream, manifest);
      if (rows.problem) return fail(rows.problem);
      queues = rows.queues;
    }
    const positions = new Map(AUDITED_TABLES.map((table) => [table, 0]));
    const nextRow = (table) => {
      const at = positions.get(table);
      positions.set(table, at + 1);
      return queues.get(table)[at];
    };
    const { updates } = bundle;
    let lineNo = 0;
    let expectedOffset = 0;
    const lines = createInterface({ input: bundle.eventsStream(), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (line === '') return fail({ id: null, subject: `events.jsonl line ${lineNo}`, reason: 'is empty: a line was removed from the bundle or added to it' });
      let raw;
      try {
        raw = JSON.parse(line);
      } catch {
        return fail({ id: null, subject: `events.jsonl line ${lineNo}`, reason: 'not a JSON line' });
      }
      if (typeof raw !== 'object' || raw === null || typeof raw.hash !== 'string' || !/^[0-9a-f]{64}$/.test(raw.hash)) {
        return fail({ id: raw?.id ?? null, subject: `events.jsonl line ${lineNo}`, reason: 'no hash of 64 hex digits' });
      }
      const event = { id: raw.id, at: raw.at, actorId: raw.actorId, action: raw.action, subject: raw.subject, detail: raw.detail ?? null, hash: raw.hash };
      // An event out of its place (a line deleted or moved) is named as such before its update's bytes are looked for.
      if (event.id !== checker.count + 1) return fail(checker.check(event, undefined));
      let update;
      if (raw.update !== undefined) {
        // Updates are stored back to back in chain order: a gap or an overlap means the line's pointer was changed.
        if (raw.update?.offset !== expectedOffset) {
          return fail({
            id: event.id,
            subject: event.subject,
            reason: `its update's bytes should follow the previous update's in updates.bin (at byte ${expectedOffset}); the line says byte ${JSON.stringify(raw.update?.offset)}: the line was edited`,
          });
        }
        update = readUpdate(updates, raw.update);
        if (update) expectedOffset += update.length;
      }
      const problem = checker.check(event, update);
      if (problem) return fail(problem);
      if (noted && event.id === noted.count && checker.head !== noted.hash) {
        return fail({ id: event.id, subject: event.subject, reason: `the chain was rewritten: event ${noted.count} hashes to ${checker.head}, not the noted ${noted.hash}` }, true);
      }
      if (!withRows) continue;
      if (event.action === UPDATE_ACTION) {
        const reason = updateStampProblem(event, { userId: raw.update?.userId ?? null, receivedAt: raw.update?.receivedAt ?? null });
        if (reason) return fail({ id: event.id, subject: event.subject, reason }, true);
        continue;
      }
      const table = auditedTableOf(event.action);
      if (table) {
        const rowProblem = rowChecker.check(event, nextRow(table));
        if (rowProblem) return fail(rowProblem, true);
      }
    }
    if (expectedOffset !== updates.size) return fail({ id: null, subject: 'updates.bin', reason: `holds ${updates.size - expectedOffset} bytes that no event names` });
    if (noted && checker.count < noted.count) {
      return fail({ id: null, subject: 'events.jsonl', reason: `holds ${checker.count} events, fewer than the ${noted.count} noted: events were removed` });
    }
    const documents = new Map(Object.entries(manifest.documents ?? {}));
    const problem = checker.finish(documents);
    if (problem) return fail(problem);
    if (manifest.count !== checker.count || manifest.head !== checker.head) {
      return fail({ id: null, subject: 'manifest.json', reason: `says ${manifest.count} events ending in ${manifest.head}; the events are ${checker.count} ending in ${checker.head}` });
    }
    if (withRows) {
      for (const table of AUDITED_TABLES) {
        const extra = nextRow(table);
        if (extra) return fail(rowChecker.leftover(table, extra));
      }
    }
    return withRows ? { ok: true, count: checker.count, head: checker.head } : { ok: true, count: checker.count, head: checker.head, chainOnly: true };
  } finally {
    bundle.close();
  }
}

/** What the verifier prints for a verdict: [stdout lines, stderr lines]. */
export function verdictText(verdict) {
  if (verdict.ok) {
    const note = verdict.chainOnly ? ' (a version-1 bundle: it carries no rows, so only the chain was checked)' : '';
    return { out: [`intact: ${verdict.count} events, head ${verdict.head}${note}`], err: [] };
  }
  const { problem } = verdict;
  if (verdict.unreadable) return { out: [], err: [`UNREADABLE: ${problem.subject}: ${problem.reason}`] };
  const place = problemPlace(problem);
  const err = [`TAMPERED: ${place ? `${place}: ` : ''}${problem.reason}`];
  if (problem.id !== null) err.push(verdict.checked === 1 ? '(1 event before it is intact)' : `(${verdict.checked} events before it are intact)`);
  else if (verdict.checked > 0) err.push(`(the ${verdict.checked} events are chained correctly; ${place || 'the bundle'} does not match them)`);
  return { out: [], err };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  let verdict;
  try {
    verdict = await verifyBundle(args.dir, args.noted);
  } catch (error) {
    // A file that cannot be read at all (permissions, a device error): said plainly, not as a stack.
    console.error(`UNREADABLE: ${args.dir}: ${error.message}`);
    return 1;
  }
  const { out, err } = verdictText(verdict);
  for (const line of out) console.log(line);
  for (const line of err) console.error(line);
  return verdict.ok ? 0 : 1;
}

// Run as a program (not when a test imports verifyBundle).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
