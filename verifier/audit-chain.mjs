// Carta's audit chain: how each audit event is hashed, and the checks that a sequence of events
// (with the bytes of the logged updates they stand for) is an unbroken chain. Plain JavaScript
// with only node:crypto, so that an outsider can run the bundle verifier with Node alone, and the
// server's `audit verify` uses the very same code.
//
// Each event's hash is SHA-256 over the previous event's hash (32 zero bytes before the first)
// followed by the UTF-8 of the JSON array
//   [id, at, actorId, action, subject, detail, updateDigest]
// where `detail` is the event's detail exactly as stored (a JSON text, or null) and
// `updateDigest` is the hex SHA-256 of the logged update's bytes for an `update` event (else null).
// So the chain covers every field of every event, its position, and the bytes of every update.
import * as crypto from 'node:crypto';

// One-shot hashing (Node ≥ 20.12) allocates far less than a Hash object per event, which matters
// when a million events are checked; older Node falls back to createHash.
const sha256 =
  typeof crypto.hash === 'function'
    ? (data, encoding) => crypto.hash('sha256', data, encoding)
    : (data, encoding) => crypto.createHash('sha256').update(data).digest(encoding);

export const GENESIS_HASH = Buffer.alloc(32);
const GENESIS_HEX = GENESIS_HASH.toString('hex');

/** The action of the event that stands for one appended update; its subject is `docId#seq`. */
export const UPDATE_ACTION = 'update';

/** Hex SHA-256 of an update's bytes. */
export function updateDigest(bytes) {
  return sha256(bytes, 'hex');
}

// What is hashed for one event is assembled in this one buffer, grown when an event needs more:
// a fresh buffer per event (and a second one to join it to the previous hash) is most of what a
// million-event check leaves for the garbage collector.
let scratch = Buffer.allocUnsafe(4096);

/** `previous`: a 32-byte Buffer, or its 64 hex digits; `encoding`: 'buffer' or 'hex'. */
function hashEvent(previous, event, digest, encoding) {
  const canonical = JSON.stringify([event.id, event.at, event.actorId, event.action, event.subject, event.detail ?? null, digest ?? null]);
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  if (scratch.length < 32 + canonical.length * 3) scratch = Buffer.allocUnsafe(32 + canonical.length * 3);
  if (typeof previous === 'string') scratch.write(previous, 0, 32, 'hex');
  else previous.copy(scratch, 0, 0, 32);
  const length = 32 + scratch.write(canonical, 32, 'utf8');
  return sha256(scratch.subarray(0, length), encoding);
}

/** The hash of an event, given the previous event's hash (a 32-byte Buffer). */
export function eventHash(previous, event, digest) {
  return hashEvent(previous, event, digest, 'buffer');
}

/**
 * Where a problem is, as a person reads it: "event 12 (demo#5)" for an event, the record's name
 * ("demo#31", "versions ver_…") when it is not one, or "" when it is the chain as a whole.
 */
export function problemPlace(problem) {
  if (problem.id !== null) return `event ${problem.id} (${problem.subject})`;
  return problem.subject;
}

/** The subject of the event for update `seq` of document `docId`. */
export function updateSubject(docId, seq) {
  return `${docId}#${seq}`;
}

/** Splits an update event's subject into document and seq, or null when it is not one. */
export function parseUpdateSubject(subject) {
  const hash = subject.lastIndexOf('#');
  if (hash <= 0) return null;
  const seq = Number(subject.slice(hash + 1));
  if (!Number.isSafeInteger(seq) || seq < 1 || String(seq) !== subject.slice(hash + 1)) return null;
  return { docId: subject.slice(0, hash), seq };
}

/**
 * Checks events one at a time, in the order they are stored. `check` answers null when the event
 * continues the chain, else the first problem found (and the checker stops there: every later hash
 * depends on this one). `finish` compares what was seen with what the log holds.
 */
export function createChainChecker() {
  // Hex throughout: a million stored hashes read as text cost the reader and the garbage collector
  // far less than a million small Buffers.
  let previous = GENESIS_HEX;
  let expectedId = 1;
  let count = 0;
  /** Per document, the next update seq its events must name. */
  const nextSeq = new Map();
  let broken = null;

  return {
    /**
     * event: { id, at, actorId, action, subject, detail (stored JSON text or null), hash (64 lowercase
     * hex digits, or a Buffer) }
     * update: the bytes of the logged update an `update` event names (undefined when missing).
     */
    check(event, update) {
      if (broken) return broken;
      const fail = (reason) => (broken = { id: event.id, subject: event.subject, reason });
      if (event.id !== expectedId) return fail(`event ${expectedId} is missing or out of order (found ${event.id} in its place)`);
      let digest = null;
      if (event.action === UPDATE_ACTION) {
        const target = parseUpdateSubject(event.subject);
        if (!target) return fail(`an update event names "${event.subject}", not document#seq`);
        const want = nextSeq.get(target.docId) ?? 1;
        if (target.seq !== want) return fail(`update ${event.subject} is out of order (update ${target.docId}#${want} expected)`);
        if (update === undefined) return fail(`the logged update ${event.subject} is missing`);
        nextSeq.set(target.docId, want + 1);
        digest = updateDigest(update);
      }
      const expected = hashEvent(previous, event, digest, 'hex');
      const stored = typeof event.hash === 'string' ? event.hash : Buffer.isBuffer(event.hash) ? event.hash.toString('hex') : null;
      if (expected !== stored) {
        return fail(
          event.action === UPDATE_ACTION
            ? `hash mismatch: the event or the bytes of update ${event.subject} were changed`
            : 'hash mismatch: the event was changed',
        );
      }
      previous = expected;
      expectedId++;
      count++;
      return null;
    },
    /** updatesLogged: Map docId → number of updates the log holds for it. */
    finish(updatesLogged) {
      if (broken) return broken;
      for (const [docId, logged] of updatesLogged) {
        const seen = (nextSeq.get(docId) ?? 1) - 1;
        if (logged !== seen) {
          broken = { id: null, subject: `${docId}#${seen + 1}`, reason: `the log of "${docId}" holds ${logged} updates, the audit chain names ${seen}` };
          return broken;
        }
      }
      for (const [docId, next] of nextSeq) {
        if (!updatesLogged.has(docId)) {
          broken = { id: null, subject: `${docId}#1`, reason: `the audit chain names ${next - 1} updates of "${docId}", which has no log` };
          return broken;
        }
      }
      return null;
    },
    /** Events checked so far, and the hash of the last one (hex). */
    get count() {
      return count;
    },
    get head() {
      return previous;
    },
  };
}
