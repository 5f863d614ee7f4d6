/**
 * What a named version's name and note may be (docs/api.md, "History"). They are shown on the
 * timeline, in the reading room and in the audit log, so, as with comment bodies, the server
 * refuses what only arrives by accident or would hide in a listing instead of cleaning it: control
 * characters (a note may have line breaks and tabs, a name is one line), lone surrogates, and a
 * name with nothing visible in it. Both are stored trimmed. The history page can use the same rules.
 */

export const VERSION_NAME_MAX = 200;
export const VERSION_NOTE_MAX = 5000;

// C0 controls, DEL, the C1 controls, and the Unicode line and paragraph separators.
const NAME_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
// The same, except tab, line feed and carriage return: a note may run over several lines.
const NOTE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Half of a surrogate pair on its own is not text; SQLite would store a replacement character instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Spaces of every kind, and the zero-width characters and soft hyphen that show nothing either.
const INVISIBLE = /^[\s\u00AD\u180E\u200B-\u200D\u2060\uFEFF]*$/u;

export type VersionLabelProblem = 'empty' | 'too-long' | 'control-character' | 'malformed';

/** Characters as a person counts them (Unicode code points: an emoji is one). */
function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Why `name` (already trimmed) cannot name a version, or null when it can. */
export function versionNameProblem(name: string): VersionLabelProblem | null {
  if (INVISIBLE.test(name)) return 'empty';
  if (LONE_SURROGATE.test(name)) return 'malformed';
  if (length(name) > VERSION_NAME_MAX) return 'too-long';
  if (NAME_CONTROL.test(name)) return 'control-character';
  return null;
}

/** Why `note` (already trimmed; empty is fine) cannot be a version's note, or null when it can. */
export function versionNoteProblem(note: string): Exclude<VersionLabelProblem, 'empty'> | null {
  if (LONE_SURROGATE.test(note)) return 'malformed';
  if (length(note) > VERSION_NOTE_MAX) return 'too-long';
  if (NOTE_CONTROL.test(note)) return 'control-character';
  return null;
}
