/**
 * Notices from the server (Carta's own websocket message type, see shared/protocol/notices.ts):
 * the y-websocket message handler that reads them, and an inbox that keeps them until the page
 * shows them. DOM-free, so the decoding and the bookkeeping are tested in Node.
 *
 * The orphaned-text notice carries words this person typed that Yjs kept out of the document
 * (typed into a block someone else moved or changed meanwhile). They exist nowhere else in this
 * browser, so a notice must never be dropped: the inbox holds every item until the person
 * dismisses it.
 */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { NOTICE_MESSAGE_TYPE, parseNotice, type Notice } from '../../shared/protocol/notices.ts';

/** The shape of one entry of y-websocket's `provider.messageHandlers`. */
export type ProviderMessageHandler = WebsocketProvider['messageHandlers'][number];

/**
 * A message handler for NOTICE_MESSAGE_TYPE: reads `varString(JSON)` and hands a known notice to
 * `onNotice`. It writes nothing to the reply encoder, so y-websocket sends no answer. A payload
 * that cannot be read is reported to `onUnreadable` and otherwise ignored: throwing here would
 * only surface as an uncaught error in the socket's message event.
 */
export function noticeMessageHandler(onNotice: (notice: Notice) => void, onUnreadable: (reason: string) => void = () => {}): ProviderMessageHandler {
  return (_encoder, decoder) => {
    let json: string;
    try {
      json = decoding.readVarString(decoder);
    } catch (error) {
      onUnreadable(error instanceof Error ? error.message : String(error));
      return;
    }
    const notice = parseNotice(json);
    if (notice === null) {
      onUnreadable('not a notice this client knows');
      return;
    }
    onNotice(notice);
  };
}

/** Registers the notice handler on a provider; returns a function that removes it. */
export function installNoticeHandler(
  provider: Pick<WebsocketProvider, 'messageHandlers'>,
  onNotice: (notice: Notice) => void,
  onUnreadable?: (reason: string) => void,
): () => void {
  const handler = noticeMessageHandler(onNotice, onUnreadable);
  provider.messageHandlers[NOTICE_MESSAGE_TYPE] = handler;
  return () => {
    if (provider.messageHandlers[NOTICE_MESSAGE_TYPE] === handler) delete provider.messageHandlers[NOTICE_MESSAGE_TYPE];
  };
}

/** One piece of text that could not be placed, as the page lists it. */
export interface OrphanedItem {
  /** Stable within this page, for the list's keys and for dismissing. */
  id: number;
  /** The block (or article) it was typed into; a moved copy with this uid may exist elsewhere. */
  uid: string | null;
  text: string;
}

/**
 * The orphaned text received and not yet dismissed. Items arrive whenever the server finds some
 * (possibly before the page is ready to show them); listeners are called after every change.
 */
export class OrphanedTextInbox {
  private items: OrphanedItem[] = [];
  private nextId = 1;
  private readonly listeners = new Set<(items: readonly OrphanedItem[], added: readonly OrphanedItem[]) => void>();

  get current(): readonly OrphanedItem[] {
    return this.items;
  }

  /** Adds the items of a notice; text that is only whitespace carries nothing to recover. */
  receive(notice: Notice): readonly OrphanedItem[] {
    if (notice.kind !== 'orphaned-text') return [];
    const added = notice.items.filter((item) => item.text.trim() !== '').map((item) => ({ id: this.nextId++, uid: item.uid, text: item.text }));
    if (added.length === 0) return [];
    this.items = [...this.items, ...added];
    this.emit(added);
    return added;
  }

  /** The person has dealt with these items (or with all, when `ids` is omitted). */
  dismiss(ids?: readonly number[]): void {
    const before = this.items.length;
    this.items = ids === undefined ? [] : this.items.filter((item) => !ids.includes(item.id));
    if (this.items.length !== before) this.emit([]);
  }

  /** Calls `listener` after each change; returns a function that unsubscribes. */
  subscribe(listener: (items: readonly OrphanedItem[], added: readonly OrphanedItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(added: readonly OrphanedItem[]): void {
    for (const listener of this.listeners) listener(this.items, added);
  }
}
