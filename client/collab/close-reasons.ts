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
}

const RELOAD_HELPS: ReadonlySet<number> = new Set<number>([CloseCode.clientOutdated, CloseCode.invalidContent, CloseCode.forbidden]);

/** The reason for one of Carta's close codes; null for other codes (network drops, 1006 …). */
export function closeReason(code: number): CloseReason | null {
  const name = closeCodeName(code);
  if (name === null) return null;
  return {
    code,
    message: `close.${name}`,
    terminal: TERMINAL_CLOSE_CODES.has(code),
    offerReload: RELOAD_HELPS.has(code),
    signedOut: code === CloseCode.unauthenticated,
  };
}

/** y-websocket's reconnect decision: stop only on the codes Carta documents as terminal. */
export function shouldReconnectAfter(code: number): boolean {
  return !TERMINAL_CLOSE_CODES.has(code);
}
