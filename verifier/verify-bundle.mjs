#!/usr/bin/env node
// Checks a Carta audit bundle (written by `npm run carta -- audit export DIR`, or downloaded from
// the history page as carta-audit-N.tar) without the database and without installing anything:
// Node 20 or later is enough.
//
//   node verifier/verify-bundle.mjs DIR|FILE.tar [--noted COUNT:HASH]
//
// It recomputes every event's SHA-256 link from the first, with the bytes of every update, and
// names the first record that does not fit. With --noted (a count and head hash someone wrote down
// earlier, as Carta's footer shows them) it also checks that the chain still passes through that
// head, which is how a rewrite of the history's end is caught. A .tar is read in place (its
// three files are found through the archive's headers, verifier/ustar-reader.mjs). Exit 0:
// intact; 1: tampered or unreadable; 2: wrong call.
import { closeSync, createReadStream, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createChainChecker } from './audit-chain.mjs';
import { readUstarIndex, TarError } from './ustar-reader.mjs';

const USAGE = 'usage: node verifier/verify-bundle.mjs DIR|FILE.tar [--noted COUNT:HASH]';
const BUNDLE_FILES = ['manifest.json', 'events.jsonl', 'updates.bin'];

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

/** A bundle folder: its three files, each on its own. */
function openFolder(dir) {
  const file = (name) => path.join(dir, name);
  const missing = BUNDLE_FILES.find((name) => !existsSync(file(name)));
  if (missing) return { missing };
  const fd = openSync(file('updates.bin'), 'r');
  return {
    manifestText: () => readFileSync(file('manifest.json'), 'utf8'),
    eventsStream: () => createReadStream(file('events.jsonl')),
    updates: { fd, base: 0, size: fstatSync(fd).size },
    close: () => closeSync(fd),
  };
}

/** A bundle archive: the three files found by name (also inside one folder, as `tar cf x.tar bundle/` writes them), read in place. */
function openArchive(archive) {
  const fd = openSync(archive, 'r');
  try {
    const index = readUstarIndex(fd);
    const found = {};
    for (const name of BUNDLE_FILES) {
      const matches = [...index].filter(([entry]) => entry === name || entry.endsWith(`/${name}`));
      if (matches.length > 1) throw new TarError(`the archive holds ${matches.length} files named ${name}`);
      if (matches.length === 0) {
        closeSync(fd);
        return { missing: name };
      }
      found[name] = matches[0][1];
    }
    const read = (entry) => {
      const bytes = Buffer.alloc(entry.size);
      readSync(fd, bytes, 0, entry.size, entry.offset);
      return bytes;
    };
    const events = found['events.jsonl'];
    const updates = found['updates.bin'];
    return {
      manifestText: () => read(found['manifest.json']).toString('utf8'),
      // `end` is inclusive, so an empty file needs a stream of its own.
      eventsStream: () => (events.size === 0 ? Readable.from([]) : createReadStream(archive, { start: events.offset, end: events.offset + events.size - 1 })),
      updates: { fd, base: updates.offset, size: updates.size },
      close: () => closeSync(fd),
    };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Checks the bundle at `where`: a folder, or a .tar archive of one. The verdict names the first
 * bad record; an archive that cannot be read as ustar is refused with `unreadable: true`.
 */
export async function verifyBundle(where, noted = null) {
  const found = statSync(where, { throwIfNoEntry: false });
  if (!found) return { ok: false, problem: { id: null, subject: path.basename(where), reason: `there is no folder or file ${where}` }, checked: 0, unreadable: true };
  let bundle;
  try {
    bundle = found.isDirectory() ? openFolder(where) : openArchive(where);
  } catch (error) {
    if (!(error instanceof TarError)) throw error;
    return { ok: false, problem: { id: null, subject: path.basename(where), reason: error.message }, checked: 0, unreadable: true };
  }
  if (bundle.missing) return { ok: false, problem: { id: null, subject: bundle.missing, reason: `${bundle.missing} is missing from the bundle` }, checked: 0 };
  let manifest;
  try {
    manifest = JSON.parse(bundle.manifestText());
    if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) throw new Error('not a JSON object');
  } catch (error) {
    bundle.close();
    return { ok: false, problem: { id: null, subject: 'manifest.json', reason: `unreadable: ${error.message}` }, checked: 0 };
  }
  const { updates } = bundle;
  const size = updates.size;
  const checker = createChainChecker();
  let lineNo = 0;
  let expectedOffset = 0;
  const fail = (problem) => ({ ok: false, problem, checked: checker.count });
  try {
    const lines = createInterface({ input: bundle.eventsStream(), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (line === '') continue;
      let raw;
      try {
        raw = JSON.parse(line);
      } catch {
        return fail({ id: null, subject: `events.jsonl line ${lineNo}`, reason: 'not a JSON line' });
      }
      if (typeof raw.hash !== 'string' || !/^[0-9a-f]{64}$/.test(raw.hash)) {
        return fail({ id: raw.id ?? null, subject: `events.jsonl line ${lineNo}`, reason: 'no hash of 64 hex digits' });
      }
      const event = { id: raw.id, at: raw.at, actorId: raw.actorId, action: raw.action, subject: raw.subject, detail: raw.detail ?? null, hash: Buffer.from(raw.hash, 'hex') };
      let update;
      if (raw.update !== undefined) {
        // Updates are stored back to back in chain order: a gap or overlap means bytes were moved.
        if (raw.update?.offset !== expectedOffset) {
          return fail({ id: event.id, subject: event.subject, reason: `its update bytes are not where the previous update ended (offset ${raw.update?.offset}, expected ${expectedOffset})` });
        }
        update = readUpdate(updates, raw.update);
        if (update) expectedOffset += update.length;
      }
      const problem = checker.check(event, update);
      if (problem) return fail(problem);
      if (noted && event.id === noted.count && checker.head !== noted.hash) {
        return fail({ id: event.id, subject: event.subject, reason: `the chain was rewritten: event ${noted.count} hashes to ${checker.head}, not the noted ${noted.hash}` });
      }
    }
  } finally {
    bundle.close();
  }
  if (expectedOffset !== size) return fail({ id: null, subject: 'updates.bin', reason: `holds ${size - expectedOffset} bytes that no event names` });
  if (noted && checker.count < noted.count) {
    return fail({ id: null, subject: 'events.jsonl', reason: `holds ${checker.count} events, fewer than the ${noted.count} noted: events were removed` });
  }
  const documents = new Map(Object.entries(manifest.documents ?? {}));
  const problem = checker.finish(documents);
  if (problem) return fail(problem);
  if (manifest.count !== checker.count || manifest.head !== checker.head) {
    return fail({ id: null, subject: 'manifest.json', reason: `says ${manifest.count} events ending in ${manifest.head}; the events are ${checker.count} ending in ${checker.head}` });
  }
  return { ok: true, count: checker.count, head: checker.head };
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
  if (verdict.ok) {
    console.log(`intact: ${verdict.count} events, head ${verdict.head}`);
    return 0;
  }
  const { id, subject, reason } = verdict.problem;
  if (verdict.unreadable) {
    console.error(`UNREADABLE: ${subject}: ${reason}`);
    return 1;
  }
  console.error(`TAMPERED: ${id === null ? '' : `event ${id} `}(${subject}): ${reason}`);
  console.error(`(${verdict.checked} events before it are intact)`);
  return 1;
}

// Run as a program (not when a test imports verifyBundle).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
