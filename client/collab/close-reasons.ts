/**
 * What a close code of the collaboration socket means for the person at the keyboard: the message
 * to show, whether the client keeps reconnecting, and whether reloading the page is the way out.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import { CloseCode, closeCodeName, TERMINAL_CLOSE_CODES } from '../../shared/protocol/close-codes.ts';

export interface CloseReason {
  code: number;
  message: MessageKey;
  /** Reconnecting with the same state cannot help; the client stops trying. */
  terminal: boolean;
  /** Offer a Reload button (a fresh page load fixes it). */
  offerReload: boolean;
  /** The sign-in is no longer valid: the remembered token must be dropped. */
  signedOut: boolean;
  /**
   * The server refused a change this client sent: that change (and whatever was sent after it on
   * the same socket) is not stored, even if it was made while connected.
   */
  refusedChange: boolean;
}

/**
 * Codes after which this client stops reconnecting. The shared list covers what no client state
 * can fix; the client adds 4413: the change that was too large is still in the local document, and
 * y-websocket would send it again on every reconnection (and be refused again, forever). Only a
 * fresh page load, which drops the local change, gets the person out of that loop.
 */
const CLIENT_TERMINAL_CODES: ReadonlySet<number> = new Set<number>([...TERMINAL_CLOSE_CODES, CloseCode.tooLarge]);

const RELOAD_HELPS: ReadonlySet<number> = new Set<number>([
  CloseCode.clientOutdated,
  CloseCode.invalidContent,
  CloseCode.forbidden,
  CloseCode.tooLarge,
]);

/** Codes the server uses when it refuses a change (as opposed to refusing the connection). */
const REFUSED_CHANGE: ReadonlySet<number> = new Set<number>([CloseCode.tooLarge, CloseCode.invalidContent, CloseCode.forbidden]);

/** The reason for one of Carta's close codes; null for other codes (network drops, 1006 …). */
export function closeReason(code: number): CloseReason | null {
  const name = closeCodeName(code);
  if (name === null) return null;
  return {
    code,
    message: `close.${name}`,
    terminal: CLIENT_TERMINAL_CODES.has(code),
    offerReload: RELOAD_HELPS.has(code),
    signedOut: code === CloseCode.unauthenticated,
    refusedChange: REFUSED_CHANGE.has(code),
  };
}

/** y-websocket's reconnect decision: stop only on the codes this client treats as terminal. */
export function shouldReconnectAfter(code: number): boolean {
  return !CLIENT_TERMINAL_CODES.has(code);
}
