/** The REST answer to an AccountRefusal: its stable id with the matching status (and Retry-After). */
import type { Response } from 'express';
import { AccountRefusal, type AccountRefusalId } from '../auth/accounts.ts';
import { ApiError } from './api-error.ts';

const STATUS: Record<AccountRefusalId, number> = {
  'bad-credentials': 401,
  'not-found': 404,
  'email-taken': 409,
  // Gone: the link existed, and no retry will make it work.
  'invitation-used': 410,
  'invitation-expired': 410,
  'rate-limited': 429,
};

/** Runs an account operation; its refusal leaves as an ApiError (anything else is rethrown). */
export async function answeringRefusals<T>(res: Response, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof AccountRefusal)) throw error;
    if (error.id === 'rate-limited') res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    throw new ApiError(STATUS[error.id], error.id, error.message);
  }
}
