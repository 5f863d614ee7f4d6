/**
 * A shadow copy of one live document, kept in step with it, where every incoming update is applied
 * first. If the update leaves missing dependencies, touches anything but the ProseMirror content,
 * or makes that content invalid, it is refused and the shadow is marked dirty (it must be reloaded
 * from the live document, which never saw the refused update).
 */
import type { Schema } from 'prosemirror-model';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from '../../../shared/protocol/collab.ts';
import { ContentError, validateTransaction } from './content-validation.ts';
import { displacedText, orphanedText } from './orphaned-text.ts';
import type { CheckMode, Displaced, Orphan, Verdict } from './verdict.ts';

/**
 * Applies `update` the way the live document does: in a local transaction. Yjs follows a remote
 * change to formatted text with a clean-up transaction of its own that deletes redundant
 * formatting markers; the live document never runs it (it applies in Y.transact, which is local),
 * so the shadow must not either, or the two drift apart and the shadow judges later updates
 * against content the live document does not have.
 */
function applyLocally(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  Y.transact(doc, () => Y.applyUpdate(doc, update), origin, true);
}

/** Marks the transaction that applies the update being checked (and no other). */
const CHECKING = Symbol('checking an update');

export class ShadowDocument {
  private doc: Y.Doc;
  private dirty = false;

  constructor(
    private readonly schema: Schema,
    state: Uint8Array,
  ) {
    this.doc = ShadowDocument.load(state);
  }

  private static load(state: Uint8Array): Y.Doc {
    // No garbage collection here: removed content keeps its structure, so text that a late update
    // types into it can still be found (and handed back to its author, see orphaned-text.ts).
    const doc = new Y.Doc({ gc: false });
    doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    applyLocally(doc, state, null);
    return doc;
  }

  /** True once a refused update may have left partial changes; the owner must reload it. */
  get isDirty(): boolean {
    return this.dirty;
  }

  /** Applies `update` if, and only if, it is acceptable; says what happened. */
  check(update: Uint8Array, mode: CheckMode): Verdict {
    if (this.dirty) return { ok: false, reason: 'internal', detail: 'shadow document needs reloading' };
    let meta: { from: Map<number, number>; to: Map<number, number> };
    try {
      meta = Y.parseUpdateMeta(update);
    } catch {
      return { ok: false, reason: 'malformed', detail: 'the update could not be decoded' };
    }
    let addsStructs = false;
    for (const [client, from] of meta.from) {
      const have = Y.getState(this.doc.store, client);
      // Structs of this client start after a gap: the update depends on state the server lacks.
      if (from > have) return { ok: false, reason: 'missing-dependencies', detail: `client ${client} starts at ${from}, server has ${have}` };
      if ((meta.to.get(client) ?? 0) > have) addsStructs = true;
    }
    if (mode === 'readonly' && addsStructs) return { ok: false, reason: 'forbidden', detail: 'read-only connections cannot add content' };

    const fragment = this.doc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    const sharedBefore = this.doc.share.size;
    let problem: string | null = null;
    let changed = false;
    let orphans: Orphan[] = [];
    let displaced: Displaced[] = [];
    const onAfterTransaction = (transaction: Y.Transaction): void => {
      // Only the transaction that applied the update says what the update did.
      if (transaction.origin !== CHECKING) return;
      changed = transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0 || addsStructs;
      if (mode === 'write' && addsStructs) orphans = orphanedText(transaction);
      if (mode === 'write' && transaction.deleteSet.clients.size > 0) displaced = displacedText(transaction, fragment);
      try {
        validateTransaction(this.schema, transaction, fragment);
      } catch (error) {
        problem = error instanceof ContentError ? error.message : `validation failed: ${String(error)}`;
      }
    };
    this.doc.on('afterTransaction', onAfterTransaction);
    try {
      applyLocally(this.doc, update, CHECKING);
    } catch {
      this.dirty = true;
      return { ok: false, reason: 'malformed', detail: 'the update could not be applied' };
    } finally {
      this.doc.off('afterTransaction', onAfterTransaction);
    }
    const store = this.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      this.dirty = true;
      return { ok: false, reason: 'missing-dependencies', detail: 'the update refers to content the server does not have' };
    }
    if (this.doc.share.size !== sharedBefore) {
      this.dirty = true;
      return { ok: false, reason: 'invalid-content', detail: 'changes outside the document content are not allowed' };
    }
    if (problem !== null) {
      this.dirty = true;
      return { ok: false, reason: 'invalid-content', detail: problem };
    }
    if (mode === 'readonly' && changed) {
      this.dirty = true;
      return { ok: false, reason: 'forbidden', detail: 'read-only connections cannot change the document' };
    }
    const authors = [...meta.to].filter(([client, clock]) => clock > (meta.from.get(client) ?? 0)).map(([client]) => client);
    return {
      ok: true,
      effect: changed ? 'change' : 'noop',
      ...(authors.length > 0 ? { authors } : {}),
      ...(orphans.length > 0 ? { orphans } : {}),
      ...(displaced.length > 0 ? { displaced } : {}),
    };
  }

  /**
   * The full state, verified by loading it into a fresh document and comparing state vectors and
   * content; throws if they differ (the checkpoint would not restore this document).
   */
  verifiedState(): Uint8Array {
    const state = Y.encodeStateAsUpdate(this.doc);
    const reloaded = ShadowDocument.load(state);
    const sameVector = Buffer.from(Y.encodeStateVector(reloaded)).equals(Buffer.from(Y.encodeStateVector(this.doc)));
    const sameContent =
      reloaded.getXmlFragment(PROSEMIRROR_FRAGMENT).toString() === this.doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString();
    reloaded.destroy();
    if (!sameVector || !sameContent) throw new Error('checkpoint verification failed: reloaded state differs');
    return state;
  }

  destroy(): void {
    this.doc.destroy();
  }
}
