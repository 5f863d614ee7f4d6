/**
 * What a comment body may be. Bodies are plain text stored exactly as written (HTML, script tags,
 * `javascript:` links included: the client renders them as text), so instead of cleaning a body
 * the server refuses what it could not store as given or what only arrives by accident. The client
 * uses the same rules for its character counter and its warnings.
 */
import { COMMENT_BODY_MAX } from './comment-types.ts';

// C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Half of a surrogate pair on its own is not text; SQLite would store a replacement character instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Characters as a person counts them (Unicode code points: an emoji is one). */
export function commentLength(body: string): number {
  let n = 0;
  for (const _ of body) n++;
  return n;
}

export type CommentBodyProblem = 'empty' | 'too-long' | 'control-character' | 'malformed';

/** Why the body cannot be a comment, or null when it can. */
export function commentBodyProblem(body: string): CommentBodyProblem | null {
  if (body.trim() === '') return 'empty';
  if (LONE_SURROGATE.test(body)) return 'malformed';
  if (commentLength(body) > COMMENT_BODY_MAX) return 'too-long';
  if (CONTROL.test(body)) return 'control-character';
  return null;
}
