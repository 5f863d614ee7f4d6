/**
 * What a refused account request means for the person: the words to show (from the i18n
 * catalogue, never the server's English) and the field they belong to, when the refusal is about
 * one field (`invalid-body` names it at the start of its message, `email-taken` is the email's).
 */
import type { FieldMessage } from './field-checks.ts';
import { ApiError } from '../session/api-client.ts';

export interface Refusal {
  /** The form's field the message belongs beside; null for the form as a whole. */
  field: string | null;
  message: FieldMessage;
}

/** The message for each field the server may name in `invalid-body`, by the field's own rules. */
export type FieldRefusals = Partial<Record<string, FieldMessage>>;

/** How long to wait, in the words that fit: seconds up to two minutes, then whole minutes. */
export function rateLimitMessage(seconds: number | null): FieldMessage {
  if (seconds === null || seconds <= 1) return { key: 'account.error.rateLimited.moment' };
  if (seconds < 120) return { key: 'account.error.rateLimited.seconds', params: { seconds } };
  return { key: 'account.error.rateLimited.minutes', params: { minutes: Math.ceil(seconds / 60) } };
}

/** The field an `invalid-body` message names first (`password: Too small …` → `password`). */
export function fieldNamedBy(message: string): string | null {
  return /^([A-Za-z][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_.]+)?:/.exec(message)?.[1] ?? null;
}

/**
 * The refusal of `error` for a form with these fields. `fields` maps each field the server may
 * name to the message its rules give; `badCredentials` says which words a 401 `bad-credentials`
 * gets and beside which field (the sign-in form's as a whole; the current password's when changing it).
 */
export function refusalMessage(error: unknown, fields: FieldRefusals = {}, badCredentials: Refusal = { field: null, message: { key: 'account.error.badCredentials' } }): Refusal {
  if (!(error instanceof ApiError)) return { field: null, message: { key: 'account.error.other', params: { message: error instanceof Error ? error.message : String(error) } } };
  switch (error.id) {
    case 'bad-credentials':
      return badCredentials;
    case 'rate-limited':
      return { field: null, message: rateLimitMessage(error.retryAfterSeconds) };
    case 'email-taken':
      return { field: 'email' in fields ? 'email' : null, message: { key: 'account.error.emailTaken' } };
    case 'invalid-body': {
      const field = fieldNamedBy(error.message);
      const known = field === null ? undefined : fields[field];
      if (field !== null && known) return { field, message: known };
      return { field: null, message: { key: 'account.error.fieldRefused', params: { message: error.message } } };
    }
    case 'invitation-used':
      return { field: null, message: { key: 'account.invite.used' } };
    case 'invitation-expired':
      return { field: null, message: { key: 'account.invite.expired' } };
    case 'csrf':
      return { field: null, message: { key: 'account.error.csrf' } };
    case 'unauthenticated':
      return { field: null, message: { key: 'account.error.signedOut' } };
    case 'forbidden':
      return { field: null, message: { key: 'account.error.forbidden' } };
    case 'network':
      return { field: null, message: { key: 'account.error.network' } };
    default:
      if (error.status >= 500) return { field: null, message: { key: 'account.error.server', params: { status: error.status } } };
      return { field: null, message: { key: 'account.error.other', params: { message: error.message } } };
  }
}
