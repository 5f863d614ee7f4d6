/** Types of audit-chain.mjs for the TypeScript side of Carta. */
export declare const GENESIS_HASH: Buffer;
export declare const UPDATE_ACTION: 'update';

/** One stored event, as the chain hashes it. */
export interface ChainEvent {
  id: number;
  at: number;
  actorId: string;
  action: string;
  subject: string;
  /** The detail exactly as stored: a JSON text, or null. */
  detail: string | null;
}

export interface StoredChainEvent extends ChainEvent {
  /** As stored: 64 lowercase hex digits (or the 32 bytes). */
  hash: string | Buffer;
}

export interface ChainProblem {
  /** The first bad event, or null when the problem is not at an event (a count, a row no event stands for). */
  id: number | null;
  /** The event's subject; else the record's name, or "" when the problem is the chain as a whole. */
  subject: string;
  reason: string;
}

export interface ChainChecker {
  check(event: StoredChainEvent, update: Uint8Array | undefined): ChainProblem | null;
  finish(updatesLogged: ReadonlyMap<string, number>): ChainProblem | null;
  readonly count: number;
  readonly head: string;
}

export declare function problemPlace(problem: ChainProblem): string;
export declare function updateDigest(bytes: Uint8Array): string;
export declare function eventHash(previous: Buffer, event: ChainEvent, digest: string | null): Buffer;
export declare function updateSubject(docId: string, seq: number): string;
export declare function parseUpdateSubject(subject: string): { docId: string; seq: number } | null;
export declare function createChainChecker(): ChainChecker;
