/**
 * Hands out the comment-anchor view of a live document, through the room registry, one view per
 * room version (as LiveProvenanceViews does for links). Rooms are held only for the synchronous
 * read and released as REST readers must.
 */
import type { DocumentRoom } from '../collab/document-room.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import { CommentAnchorView } from './comment-anchor-view.ts';

export class LiveCommentAnchors {
  private readonly cache = new WeakMap<DocumentRoom, { version: number; view: CommentAnchorView }>();

  constructor(private readonly registry: RoomRegistry) {}

  /**
   * Runs `read` against the current view of the document; null when there is no such document.
   * `read` must be synchronous: the view is only valid until the document next changes.
   */
  async with<T>(docId: string, read: (view: CommentAnchorView) => T): Promise<{ value: T } | null> {
    const room = await this.registry.acquire(docId);
    if (!room) return null;
    try {
      return { value: read(this.viewOf(room)) };
    } finally {
      this.registry.releaseIfIdle(room);
    }
  }

  private viewOf(room: DocumentRoom): CommentAnchorView {
    const cached = this.cache.get(room);
    if (cached && cached.version === room.version) return cached.view;
    const view = new CommentAnchorView(room.doc, room.fragment);
    this.cache.set(room, { version: room.version, view });
    return view;
  }
}
