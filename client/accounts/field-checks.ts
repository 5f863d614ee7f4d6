/**
 * The checks a form makes before sending, the same the server makes (shared/auth/account-limits):
 * each answers the message for the person, or null when the value is fine.
 */
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../shared/auth/account-limits.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';

export interface FieldMessage {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** Something, an @, something with a dot: the server decides the rest. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(value: string): FieldMessage | null {
  const email = value.trim();
  if (email === '') return { key: 'account.error.emailMissing' };
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(email)) return { key: 'account.error.emailInvalid' };
  return null;
}

export function nameProblem(value: string): FieldMessage | null {
  const name = value.trim();
  if (name === '') return { key: 'account.error.nameMissing' };
  if (name.length > NAME_MAX_LENGTH) return { key: 'account.error.nameTooLong', params: { max: NAME_MAX_LENGTH, length: name.length } };
  return null;
}

/** A new password: the length rules. */
export function newPasswordProblem(value: string): FieldMessage | null {
  if (value === '') return { key: 'account.error.passwordMissing' };
  if (value.length < PASSWORD_MIN_LENGTH) return { key: 'account.error.passwordTooShort', params: { min: PASSWORD_MIN_LENGTH, length: value.length } };
  if (value.length > PASSWORD_MAX_LENGTH) return { key: 'account.error.passwordTooLong', params: { max: PASSWORD_MAX_LENGTH, length: value.length } };
  return null;
}

/** A password being typed to sign in: only that there is one (old accounts may predate the rules). */
export function enteredPasswordProblem(value: string): FieldMessage | null {
  return value === '' ? { key: 'account.error.passwordMissing' } : null;
}

/** The password rules as the hint under a new-password field says them. */
export const PASSWORD_RULES: FieldMessage = { key: 'account.field.passwordRules', params: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH } };
