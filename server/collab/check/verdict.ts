/** What the update check says about one update (shared by the checking thread and its caller). */

/** `write` for roles that may edit; `readonly` accepts only updates that change nothing. */
export type CheckMode = 'write' | 'readonly';

export type RefusalReason =
  | 'malformed'
  | 'missing-dependencies'
  | 'invalid-content'
  | 'forbidden'
  | 'budget-exceeded'
  | 'internal';

/** Text an update typed into content that was already removed (see orphaned-text.ts). */
export interface Orphan {
  uid: string | null;
  text: string;
}

export type Verdict =
  | { ok: true; effect: 'change' | 'noop'; orphans?: Orphan[] }
  | { ok: false; reason: RefusalReason; detail: string };
