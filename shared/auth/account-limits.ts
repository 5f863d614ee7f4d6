/**
 * What an account's fields may be (issue 5): the server's request schemas refuse anything else
 * with 400 `invalid-body`, and the browser's forms say so before sending.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const NAME_MIN_LENGTH = 1;
export const NAME_MAX_LENGTH = 80;
/** The longest address RFC 5321 lets through. */
export const EMAIL_MAX_LENGTH = 254;
