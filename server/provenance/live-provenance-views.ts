/**
 * The provenance view of each live document, one per room version (see LiveRoomViews).
 */
import { LiveRoomViews } from '../collab/live-room-views.ts';
import type { RoomRegistry } from '../collab/room-registry.ts';
import type { DocumentReader } from '../documents/document-reader.ts';
import { LiveProvenanceView } from './live-provenance-view.ts';

export class LiveProvenanceViews extends LiveRoomViews<LiveProvenanceView> {
  constructor(registry: RoomRegistry, reader: DocumentReader) {
    super(registry, (room) => new LiveProvenanceView(room.doc, room.fragment, reader.docOf(room)));
  }
}
