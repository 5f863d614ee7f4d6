/**
 * Notices from the server (Carta's own websocket message type, see shared/protocol/notices.ts):
 * the y-websocket message handler that reads them, and an inbox that keeps them until the page
 * shows them. DOM-free, so the decoding and the bookkeeping are tested in Node.
 *
 * The orphaned-text notice carries words this person typed that Yjs kept out of the document
 * (typed into a block someone else moved or changed meanwhile). They exist nowhere else in this
 * browser, so a notice must never be dropped: the inbox holds every item until the person
 * dismisses it. The same list also holds other people's text that this person's undo removed
 * (the editor puts it there), so that it can be copied back. Other notices (links-changed) only
 * prompt the page to ask the server again; the session hands them to its listeners.
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

/** One piece of text that is no longer in the document, as the page lists it. */
export interface OrphanedItem {
  /** Stable within this page, for the list's keys and for dismissing. */
  id: number;
  /** The block (or article) it was typed into; a moved copy with this uid may exist elsewhere. */
  uid: string | null;
  text: string;
  /**
   * null for this person's own words handed back by the server; otherwise the name of the person
   * who wrote text that this person's undo removed from the document (see safe-history.ts).
   */
  author: string | null;
}

/**
 * How long after a piece of text for a block arrives the next piece for the same block still
 * joins it. The server finds orphaned text per update, and a person typing sends an update per
 * keystroke or two: "Fede", "r", "a" belong together as one text.
 */
export const COALESCE_MS = 5000;

/**
 * The text received and not yet dismissed. Items arrive whenever the server finds some (possibly
 * before the page is ready to show them); listeners are called after every change, with the
 * entries that are new (text joined to an existing entry changes that entry, it adds none).
 */
export class OrphanedTextInbox {
  private items: OrphanedItem[] = [];
  private nextId = 1;
  /** When text last joined each entry. */
  private readonly touched = new Map<number, number>();
  private readonly listeners = new Set<(items: readonly OrphanedItem[], added: readonly OrphanedItem[]) => void>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  get current(): readonly OrphanedItem[] {
    return this.items;
  }

  /**
   * Adds the items of a notice. A piece for the same block as an entry that grew within
   * COALESCE_MS is appended to that entry; later pieces start a new one, so that text typed at
   * different times is not glued together. Text without a block (uid null) never joins: nothing
   * says the pieces belong together. Text that is only whitespace starts no entry of its own (it
   * carries nothing to recover) but does join one: it is the space between two typed words.
   */
  receive(notice: Notice): readonly OrphanedItem[] {
    if (notice.kind !== 'orphaned-text') return [];
    const time = this.now();
    const added: OrphanedItem[] = [];
    let changed = false;
    for (const { uid, text } of notice.items) {
      if (text === '') continue;
      const target = this.joinable(uid, time);
      if (target !== null) {
        this.items = this.items.map((item) => (item.id === target ? { ...item, text: item.text + text } : item));
        this.touched.set(target, time);
        changed = true;
      } else if (text.trim() !== '') {
        const item: OrphanedItem = { id: this.nextId++, uid, text, author: null };
        this.items = [...this.items, item];
        this.touched.set(item.id, time);
        added.push(item);
        changed = true;
      }
    }
    if (changed) this.emit(added);
    return added;
  }

  /** Adds other people's text that this person's undo (or redo) removed from the document. */
  addRemoved(pieces: ReadonlyArray<{ uid: string | null; text: string; author: string }>): readonly OrphanedItem[] {
    const added = pieces.filter((piece) => piece.text.trim() !== '').map((piece) => ({ id: this.nextId++, uid: piece.uid, text: piece.text, author: piece.author }));
    if (added.length === 0) return [];
    this.items = [...this.items, ...added];
    this.emit(added);
    return added;
  }

  /** The person has dealt with these items (or with all, when `ids` is omitted). */
  dismiss(ids?: readonly number[]): void {
    const before = this.items.length;
    this.items = ids === undefined ? [] : this.items.filter((item) => !ids.includes(item.id));
    for (const id of [...this.touched.keys()]) if (!this.items.some((item) => item.id === id)) this.touched.delete(id);
    if (this.items.length !== before) this.emit([]);
  }

  /** Calls `listener` after each change; returns a function that unsubscribes. */
  subscribe(listener: (items: readonly OrphanedItem[], added: readonly OrphanedItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The entry (this person's own text) that a piece for `uid` arriving at `time` joins, or null. */
  private joinable(uid: string | null, time: number): number | null {
    if (uid === null) return null;
    let best: { id: number; at: number } | null = null;
    for (const item of this.items) {
      if (item.author !== null || item.uid !== uid) continue;
      const at = this.touched.get(item.id) ?? -Infinity;
      if (time - at <= COALESCE_MS && (best === null || at >= best.at)) best = { id: item.id, at };
    }
    return best?.id ?? null;
  }

  private emit(added: readonly OrphanedItem[]): void {
    for (const listener of this.listeners) listener(this.items, added);
  }
}
