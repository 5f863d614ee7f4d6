/**
 * Reads the current text of a document as a ProseMirror node for REST (outline, exports). It reads
 * the live room (loading it if needed), converts without ever writing to the Y document, and caches
 * the result until the next applied change.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { legalSchema } from '../../shared/schema/legal-schema.ts';
import type { DocumentRoom } from '../collab/document-room.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { CartaStore, DocumentRecord } from '../storage/store.ts';

export interface DocumentSnapshot {
  record: DocumentRecord;
  doc: PMNode;
  /** Log position of the text. */
  seq: number;
}

export class DocumentReader {
  private readonly cache = new WeakMap<DocumentRoom, { version: number; doc: PMNode }>();

  constructor(
    private readonly store: CartaStore,
    private readonly registry: RoomRegistry,
  ) {}

  /** The document's current text, or null when there is no such document. */
  async read(docId: string): Promise<DocumentSnapshot | null> {
    const record = await this.store.getDocument(docId);
    if (!record) return null;
    const room = await this.registry.acquire(docId);
    if (!room) return null;
    try {
      return { record, doc: this.docOf(room), seq: room.currentSeq };
    } finally {
      this.registry.releaseIfIdle(room);
    }
  }

  /**
   * The ProseMirror form of a room the caller holds, at its current version (synchronous, so callers
   * that also read the Y.Doc in the same turn see the same state).
   */
  docOf(room: DocumentRoom): PMNode {
    const cached = this.cache.get(room);
    if (cached && cached.version === room.version) return cached.doc;
    const json = { type: 'doc', content: yXmlFragmentToProsemirrorJSON(room.fragment).content ?? [] };
    const doc = legalSchema.nodeFromJSON(json);
    this.cache.set(room, { version: room.version, doc });
    return doc;
  }
}
