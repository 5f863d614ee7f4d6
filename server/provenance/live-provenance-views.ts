/**
 * Hands out the provenance view of a live document, reading it through the room registry and
 * caching one view per room version. Rooms are held only for the synchronous read and released as
 * REST readers must (see server/documents/document-reader.ts).
 */
import type { DocumentRoom } from '../collab/document-room.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { DocumentReader } from '../documents/document-reader.ts';
import { LiveProvenanceView } from './live-provenance-view.ts';

export class LiveProvenanceViews {
  private readonly cache = new WeakMap<DocumentRoom, { version: number; view: LiveProvenanceView }>();

  constructor(
    private readonly registry: RoomRegistry,
    private readonly reader: DocumentReader,
  ) {}

  /**
   * Runs `read` against the current view of the document; null when there is no such document.
   * `read` must be synchronous: the view is only valid until the document next changes.
   */
  async with<T>(docId: string, read: (view: LiveProvenanceView) => T): Promise<{ value: T } | null> {
    const room = await this.registry.acquire(docId);
    if (!room) return null;
    try {
      return { value: read(this.viewOf(room)) };
    } finally {
      this.registry.releaseIfIdle(room);
    }
  }

  private viewOf(room: DocumentRoom): LiveProvenanceView {
    const cached = this.cache.get(room);
    if (cached && cached.version === room.version) return cached.view;
    const view = new LiveProvenanceView(room.doc, room.fragment, this.reader.docOf(room));
    this.cache.set(room, { version: room.version, view });
    return view;
  }
}
