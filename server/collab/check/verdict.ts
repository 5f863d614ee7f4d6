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

export type Verdict =
  | { ok: true; effect: 'change' | 'noop' }
  | { ok: false; reason: RefusalReason; detail: string };
