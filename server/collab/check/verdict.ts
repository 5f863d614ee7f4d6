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

/** Another person's text removed with a block that lives on elsewhere (see orphaned-text.ts). */
export interface Displaced {
  /** Yjs client id of the text's author. */
  client: number;
  uid: string;
  text: string;
}

export type Verdict =
  | {
      ok: true;
      effect: 'change' | 'noop';
      /** Yjs client ids whose new content this update carries (its author's editor). */
      authors?: number[];
      orphans?: Orphan[];
      displaced?: Displaced[];
    }
  | { ok: false; reason: RefusalReason; detail: string };
