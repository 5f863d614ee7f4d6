/**
 * Which of this person's own changes the server may not have, and the text of the passages they
 * touched, so that when the connection ends for good the person can take their words with them.
 * DOM-free: it reads the Y.Doc only.
 *
 * y-websocket has no acknowledgements, so "saved" is an estimate on the safe side:
 * - a change made while not connected and synced is unsaved until the next sync;
 * - when the server refuses a change (too large, invalid), it was sent while connected moments
 *   before the close; every change sent within the last REFUSAL_WINDOW_MS counts as unsaved.
 * Counting a saved change as unsaved costs the person one extra passage in what they may copy;
 * the reverse would lose words silently.
 */
import * as Y from 'yjs';

/** How long before a refusal a sent change may have been the one refused (the server's check is bounded well below this). */
export const REFUSAL_WINDOW_MS = 15_000;

export class UnsavedRange {
  /** This client's clock at its first change the server has not received. */
  private pendingFrom: number | null = null;
  /** Recent changes sent to the server: this client's clock before each, and when it was sent. */
  private recentlySent: Array<{ clock: number; at: number }> = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** A local change; `clockBefore` is this client's clock before it, `sent` says the socket was connected and synced. */
  localChange(clockBefore: number, sent: boolean): void {
    if (!sent) {
      this.pendingFrom ??= clockBefore;
      return;
    }
    this.recentlySent.push({ clock: clockBefore, at: this.now() });
    this.forgetOld();
  }

  /**
   * The document is in sync with the server again: y-websocket now sends everything the server
   * lacks, which from here on counts as just sent (a refusal may still follow).
   */
  synced(): void {
    if (this.pendingFrom !== null) this.recentlySent.push({ clock: this.pendingFrom, at: this.now() });
    this.pendingFrom = null;
    this.forgetOld();
  }

  /** The first clock of this client whose change is not stored, or null when all are. */
  unsavedFrom(refusedChange: boolean): number | null {
    this.forgetOld();
    let from = this.pendingFrom;
    if (refusedChange) for (const { clock } of this.recentlySent) from = from === null ? clock : Math.min(from, clock);
    return from;
  }

  private forgetOld(): void {
    const cutoff = this.now() - REFUSAL_WINDOW_MS;
    if (this.recentlySent.length > 0 && (this.recentlySent[0]?.at ?? cutoff) < cutoff) {
      this.recentlySent = this.recentlySent.filter((sent) => sent.at >= cutoff);
    }
  }
}

function isOwnSince(item: Y.Item | null, clientId: number, fromClock: number): boolean {
  return item !== null && item.id.client === clientId && item.id.clock >= fromClock;
}

/** The visible text of a Y.XmlText, and whether this client wrote anything in it since `fromClock`. */
function readText(text: Y.XmlText, clientId: number, fromClock: number): { text: string; touched: boolean } {
  let out = '';
  let touched = false;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (isOwnSince(item, clientId, fromClock)) touched = true;
    if (item.content instanceof Y.ContentString) out += item.content.str;
  }
  return { text: out, touched };
}

/**
 * The text of every textblock (paragraph, heading) in which this client inserted or formatted
 * text, or which it created, since its clock was `fromClock`, in document order. Deletions leave
 * nothing to copy and are not listed.
 */
export function passagesChangedSince(fragment: Y.XmlFragment, clientId: number, fromClock: number): string[] {
  const passages: string[] = [];
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const texts = child.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText);
      if (texts.length === 0) {
        visit(child);
        continue;
      }
      let text = '';
      let touched = isOwnSince(child._item, clientId, fromClock);
      for (const part of texts) {
        const read = readText(part, clientId, fromClock);
        text += read.text;
        touched ||= read.touched;
      }
      if (touched && text.trim() !== '') passages.push(text);
    }
  };
  visit(fragment);
  return passages;
}
