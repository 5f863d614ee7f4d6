/**
 * The comment-anchor view of each live document, one per room version (see LiveRoomViews).
 */
import { LiveRoomViews } from '../collab/live-room-views.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import { CommentAnchorView } from './comment-anchor-view.ts';

export class LiveCommentAnchors extends LiveRoomViews<CommentAnchorView> {
  constructor(registry: RoomRegistry) {
    super(registry, (room) => new CommentAnchorView(room.doc, room.fragment));
  }
}
