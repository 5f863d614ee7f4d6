/**
 * What a person reads when a comment action fails: every error id the comment, moderation and
 * stance routes answer (docs/api.md) has its own sentence, in both languages, saying what happened
 * and what to do; a rate limit says how long to wait. DOM-free, so every id is tested.
 */
import type { CommentBodyProblem } from '../../shared/comments/comment-body.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { ApiError } from '../session/api-client.ts';

/** A message key and its parameters, translated where it is shown (so a language switch re-translates it). */
export interface Explained {
  key: MessageKey;
  params?: Record<string, string | number>;
}

const BY_ID: Readonly<Record<string, MessageKey>> = {
  'anchor-mismatch': 'comments.error.anchor-mismatch',
  'nested-reply': 'comments.error.nested-reply',
  'wrong-article': 'comments.error.wrong-article',
  'not-a-thread': 'comments.error.not-a-thread',
  'already-flagged': 'comments.error.already-flagged',
  'not-flagged': 'comments.error.not-flagged',
  'already-hidden': 'comments.error.already-hidden',
  'not-hidden': 'comments.error.not-hidden',
  'already-addressed': 'comments.error.already-addressed',
  'not-addressed': 'comments.error.not-addressed',
  'unknown-seq': 'comments.error.unknown-seq',
  'invalid-body': 'comments.error.invalid-body',
  'bad-request': 'comments.error.invalid-body',
  'bad-json': 'comments.error.invalid-body',
  'bad-query': 'comments.error.bad-query',
  'bad-cursor': 'comments.error.bad-cursor',
  'too-large': 'comments.error.too-large',
  forbidden: 'comments.error.forbidden',
  unauthenticated: 'comments.error.unauthenticated',
  'not-found': 'comments.error.not-found',
  network: 'comments.error.network',
  'bad-response': 'comments.error.bad-response',
  internal: 'comments.error.internal',
};

/** The error ids that have a sentence of their own (rate-limited is worded with its wait). */
export const EXPLAINED_ERROR_IDS: readonly string[] = [...Object.keys(BY_ID), 'rate-limited'];

/** A wait in words: "45 s", "3 min", "2 h" (rounded up, so nobody comes back too early). */
export function waitWords(seconds: number): Explained {
  if (seconds < 90) return { key: 'comments.wait.seconds', params: { count: Math.max(1, Math.ceil(seconds)) } };
  if (seconds < 90 * 60) return { key: 'comments.wait.minutes', params: { count: Math.ceil(seconds / 60) } };
  return { key: 'comments.wait.hours', params: { count: Math.ceil(seconds / 3600) } };
}

/** Why a comment action failed, as a message key (a rate limit's `seconds` become words in commentErrorText). */
export function explainCommentError(error: unknown): Explained {
  if (error instanceof ApiError) {
    if (error.id === 'rate-limited') {
      return error.retryAfterSeconds === null ? { key: 'comments.error.rate-limited.noWait' } : { key: 'comments.error.rate-limited', params: { seconds: error.retryAfterSeconds } };
    }
    const key = BY_ID[error.id];
    if (key) return { key };
    return { key: 'comments.error.other', params: { status: error.status, message: error.message } };
  }
  return { key: 'comments.error.other', params: { status: 0, message: error instanceof Error ? error.message : String(error) } };
}

const BODY_PROBLEM: Record<CommentBodyProblem, MessageKey> = {
  empty: 'comments.body.empty',
  'too-long': 'comments.body.tooLong',
  'control-character': 'comments.body.control',
  malformed: 'comments.body.malformed',
};

/** What is wrong with a body before it is sent (the server's own rules, shared/comments/comment-body.ts). */
export function explainBodyProblem(problem: CommentBodyProblem): Explained {
  return { key: BODY_PROBLEM[problem] };
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The sentence for a failed comment action in the current language, a rate limit's wait in words. */
export function commentErrorText(t: Translate, error: unknown): string {
  const explained = explainCommentError(error);
  const seconds = explained.params?.seconds;
  if (explained.key === 'comments.error.rate-limited' && typeof seconds === 'number') {
    const wait = waitWords(seconds);
    return t(explained.key, { wait: t(wait.key, wait.params) });
  }
  return t(explained.key, explained.params);
}
