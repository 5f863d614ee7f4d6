#!/usr/bin/env node
// Checks a Carta audit bundle (written by `npm run carta -- audit export DIR`) without the
// database and without installing anything: Node 20 or later is enough.
//
//   node verifier/verify-bundle.mjs DIR [--noted COUNT:HASH]
//
// It recomputes every event's SHA-256 link from the first, with the bytes of every update, and
// names the first record that does not fit. With --noted (a count and head hash someone wrote down
// earlier, as Carta's footer shows them) it also checks that the chain still passes through that
// head, which is how a rewrite of the history's end is caught. Exit 0: intact; 1: tampered or
// unreadable; 2: wrong call.
import { closeSync, createReadStream, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createChainChecker } from './audit-chain.mjs';

const USAGE = 'usage: node verifier/verify-bundle.mjs DIR [--noted COUNT:HASH]';

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
  if (!args.dir) throw new Error('give the bundle folder');
  return args;
}

/** Reads `length` bytes at `offset` of updates.bin, or undefined when the file is shorter. */
function readUpdate(fd, size, where) {
  if (!where || !Number.isSafeInteger(where.offset) || !Number.isSafeInteger(where.length) || where.offset < 0 || where.length < 0) return undefined;
  if (where.offset + where.length > size) return undefined;
  const bytes = Buffer.alloc(where.length);
  readSync(fd, bytes, 0, where.length, where.offset);
  return bytes;
}

export async function verifyBundle(dir, noted = null) {
  const file = (name) => path.join(dir, name);
  for (const name of ['manifest.json', 'events.jsonl', 'updates.bin']) {
    if (!existsSync(file(name))) return { ok: false, problem: { id: null, subject: name, reason: `${name} is missing from the bundle` }, checked: 0 };
  }
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(file('manifest.json'), 'utf8'));
  } catch (error) {
    return { ok: false, problem: { id: null, subject: 'manifest.json', reason: `unreadable: ${error.message}` }, checked: 0 };
  }
  const fd = openSync(file('updates.bin'), 'r');
  const size = fstatSync(fd).size;
  const checker = createChainChecker();
  let lineNo = 0;
  let expectedOffset = 0;
  const fail = (problem) => ({ ok: false, problem, checked: checker.count });
  try {
    const lines = createInterface({ input: createReadStream(file('events.jsonl')), crlfDelay: Infinity });
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
        update = readUpdate(fd, size, raw.update);
        if (update) expectedOffset += update.length;
      }
      const problem = checker.check(event, update);
      if (problem) return fail(problem);
      if (noted && event.id === noted.count && checker.head !== noted.hash) {
        return fail({ id: event.id, subject: event.subject, reason: `the chain was rewritten: event ${noted.count} hashes to ${checker.head}, not the noted ${noted.hash}` });
      }
    }
  } finally {
    closeSync(fd);
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
  const verdict = await verifyBundle(args.dir, args.noted);
  if (verdict.ok) {
    console.log(`intact: ${verdict.count} events, head ${verdict.head}`);
    return 0;
  }
  const { id, subject, reason } = verdict.problem;
  console.error(`TAMPERED: ${id === null ? '' : `event ${id} `}(${subject}): ${reason}`);
  console.error(`(${verdict.checked} events before it are intact)`);
  return 1;
}

// Run as a program (not when a test imports verifyBundle).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
