/**
 * Encoding of the y-websocket wire protocol the server sends: message type 0 (sync: step 1, step 2,
 * update), 1 (awareness), 3 (query awareness); varint-framed with lib0.
 */
import * as encoding from 'lib0/encoding';
import { NOTICE_MESSAGE_TYPE, type Notice } from '../../shared/protocol/notices.ts';

export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;

function frame(type: number, sub: number | null, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (sub !== null) encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: "here is my state vector, send me what I lack". */
export function syncStep1Message(stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncType.step1, stateVector);
}

/** Sync step 2: the answer to a peer's step 1. */
export function syncStep2Message(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncType.step2, update);
}

/** An incremental document update. */
export function updateMessage(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncType.update, update);
}

export function awarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  return frame(MessageType.awareness, null, awarenessUpdate);
}

/** Carta's notice to one client (shared/protocol/notices.ts). */
export function noticeMessage(notice: Notice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, NOTICE_MESSAGE_TYPE);
  encoding.writeVarString(encoder, JSON.stringify(notice));
  return encoding.toUint8Array(encoder);
}
