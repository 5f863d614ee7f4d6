/**
 * The code of an invitation link, `/invite#code=<code>`. It travels in the fragment, which
 * browsers send neither to the server nor in Referer headers, so it stays out of logs.
 */

/** The code a fragment carries ("#code=abc" → "abc"), or null when it carries none. */
export function invitationCodeFromHash(hash: string): string | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const code = new URLSearchParams(body).get('code')?.trim() ?? '';
  return code === '' ? null : code;
}
