/**
 * The reading room's per-document setting `readingRoom.liveDraft`: whether anyone may read the live
 * draft at /read/:docId/draft, not only published versions. Off unless an admin turns it on; each
 * change is an audit event (`readingRoom.configure`) written with it.
 */
import type { CartaStore } from '../storage/store.ts';

const settingKey = (docId: string): string => `readingRoom.liveDraft:${docId}`;

export interface ReadingRoomSettings {
  liveDraft: boolean;
}

export async function readingRoomSettings(store: CartaStore, docId: string): Promise<ReadingRoomSettings> {
  return { liveDraft: (await store.getSetting(settingKey(docId))) === 'true' };
}

export async function changeReadingRoomSettings(store: CartaStore, docId: string, settings: ReadingRoomSettings, actorId: string, at: number): Promise<void> {
  await store.changeSetting(settingKey(docId), String(settings.liveDraft), {
    at,
    actorId,
    action: 'readingRoom.configure',
    subject: docId,
    detail: { liveDraft: settings.liveDraft },
  });
}
