/**
 * Hands out a read-only view of a live document, built from its room and cached per room version,
 * so REST readers that ask again before the next update share one view. Rooms are held only for
 * the synchronous read and released as REST readers must (see server/documents/document-reader.ts).
 * The provenance and comment-anchor views are both of this kind; they differ only in how a view is
 * built.
 */
import type { DocumentRoom } from './document-room.ts';
import type { RoomRegistry } from './room-registry.ts';

export class LiveRoomViews<View> {
  private readonly cache = new WeakMap<DocumentRoom, { version: number; view: View }>();

  constructor(
    private readonly registry: RoomRegistry,
    private readonly build: (room: DocumentRoom) => View,
  ) {}

  /**
   * Runs `read` against the current view of the document; null when there is no such document.
   * `read` must be synchronous: the view is only valid until the document next changes.
   */
  async with<T>(docId: string, read: (view: View) => T): Promise<{ value: T } | null> {
    const room = await this.registry.acquire(docId);
    if (!room) return null;
    try {
      return { value: read(this.viewOf(room)) };
    } finally {
      this.registry.releaseIfIdle(room);
    }
  }

  private viewOf(room: DocumentRoom): View {
    const cached = this.cache.get(room);
    if (cached && cached.version === room.version) return cached.view;
    const view = this.build(room);
    this.cache.set(room, { version: room.version, view });
    return view;
  }
}
