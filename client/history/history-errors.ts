/**
 * What a person reads when something on the history page fails: a sentence for what was not done
 * (the version was not saved, the article was not restored…) and one for why, chosen by the
 * error's stable id and what was being done. The server's own message is English text for
 * developers (docs/api.md), so it is never shown. DOM-free, so every case is tested.
 */
import type { MessageKey } from '../../shared/i18n/index.ts';
import { ApiError } from '../session/api-client.ts';

/** What the person was doing when it failed. */
export type HistoryAction = 'load' | 'name' | 'restore' | 'compare' | 'blame' | 'audit';

/** A message key and its parameters, translated where it is shown (a language switch re-translates it). */
export interface Explained {
  key: MessageKey;
  params?: Record<string, string | number>;
}

const LEAD: Record<HistoryAction, MessageKey> = {
  load: 'history.error.load',
  name: 'history.error.name',
  restore: 'history.error.restore',
  compare: 'history.error.compare',
  blame: 'history.error.blame',
  audit: 'history.error.audit',
};

/** Ids that mean the same whatever was being done. */
const ANY_ACTION: Readonly<Record<string, MessageKey>> = {
  network: 'history.reason.network',
  unauthenticated: 'history.reason.unauthenticated',
  forbidden: 'history.reason.forbidden',
  csrf: 'history.reason.csrf',
  'rate-limited': 'history.reason.rateLimited',
  'bad-answer': 'history.reason.badAnswer',
  'bad-response': 'history.reason.badAnswer',
};

/** Why it failed, as a message key. */
export function explainReason(action: HistoryAction, error: unknown): Explained {
  if (!(error instanceof ApiError)) return { key: 'history.reason.other', params: { id: error instanceof Error ? error.name : 'error' } };
  const common = ANY_ACTION[error.id];
  if (common) return { key: common };
  switch (error.id) {
    case 'invalid-body':
    case 'bad-json':
    case 'bad-request':
    case 'too-large':
      return { key: action === 'name' ? 'history.reason.nameInvalid' : 'history.reason.badQuery' };
    case 'not-found':
      // The document is checked first on every route; for a restore or a blame it is the article.
      if (action === 'restore') return { key: 'history.reason.articleNotRestorable' };
      if (action === 'blame') return { key: 'history.reason.articleGone' };
      return { key: 'history.reason.documentNotFound' };
    case 'not-in-version':
    case 'not-in-current-text':
      return { key: 'history.reason.articleNotRestorable' };
    case 'unknown-seq':
      // A position past the end of the log: the page only offers positions it was given.
      return { key: 'history.reason.badQuery' };
    case 'nothing-to-restore':
      return { key: 'history.reason.nothingToRestore' };
    case 'refused':
      return { key: 'history.reason.refused' };
    case 'bad-query':
      return { key: 'history.reason.badQuery' };
    default:
      if (error.status >= 500) return { key: 'history.reason.server', params: { status: error.status } };
      return { key: 'history.reason.other', params: { id: error.id } };
  }
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Why it failed, in words ("No se pudo contactar con el servidor; …"). */
export function reasonText(t: Translate, action: HistoryAction, error: unknown): string {
  const reason = explainReason(action, error);
  return t(reason.key, reason.params);
}

/**
 * The whole message: what was not done and why ("No se guardó la versión. Tu rol no lo permite.").
 * `params` fill the lead (a restore names its article).
 */
export function historyErrorText(t: Translate, action: HistoryAction, error: unknown, params: Record<string, string | number> = {}): string {
  return t(LEAD[action], { ...params, reason: reasonText(t, action, error) });
}
