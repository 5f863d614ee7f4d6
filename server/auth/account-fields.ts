/**
 * The rules for an account's fields, as zod schemas for the REST edge (limits shared with the
 * browser's forms: shared/auth/account-limits.ts). Email addresses are trimmed and lowercased
 * here, once, so the store compares and keeps them in one form; names are trimmed; passwords are
 * taken exactly as typed. Lengths count UTF-16 code units, as the forms' maxlength does.
 */
import { z } from 'zod';
import { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, NAME_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../shared/auth/account-limits.ts';

/** One @, something on each side, a dot in the domain, no spaces or control characters. */
const EMAIL_SHAPE = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}.]+(?:\.[^\s@\p{Cc}.]+)+$/u;

export const emailField = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(
    z
      .string()
      .max(EMAIL_MAX_LENGTH, `at most ${EMAIL_MAX_LENGTH} characters`)
      .regex(EMAIL_SHAPE, 'not an email address'),
  );

export const nameField = z
  .string()
  .transform((value) => value.trim())
  .pipe(
    z
      .string()
      .min(NAME_MIN_LENGTH, 'a name is needed')
      .max(NAME_MAX_LENGTH, `at most ${NAME_MAX_LENGTH} characters`)
      // A name is shown beside people's words everywhere; control characters would garble it.
      .regex(/^[^\p{Cc}]*$/u, 'no control characters'),
  );

export const passwordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `at most ${PASSWORD_MAX_LENGTH} characters`);

/** At sign-in any string is a password to check: the length rules are for new passwords. */
export const givenPasswordField = z.string().max(1000, 'at most 1000 characters');
