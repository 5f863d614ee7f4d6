/**
 * How one line of the legal Markdown format is recognised, and how a body block is written back as
 * a line. Import and export share these rules so a round trip cannot drift.
 *
 *   ## PREÁMBULO                     ## TÍTULO PRIMERO. NOMBRE        ### CAPÍTULO I. NOMBRE
 *   #### Artículo 13. Epígrafe       ##### A. Epígrafe                ## TRANSITORIOS …
 *   1. numeral     IV. fracción      c) inciso      PRIMERO.- transitorio      plain paragraph
 *   A paragraph whose text would read as one of the above is written with a leading backslash.
 */
import type { BlockKind } from '../schema/legal-schema.ts';
import { fromLetter, fromRoman, fromSpanishOrdinal } from '../schema/numbering-styles.ts';

/**
 * Trims a line or a part of one, except white space protected by a backslash: the exporter writes
 * a leading or trailing space of a text as "\ " so that it survives the round trip.
 */
export function trimUnescaped(text: string): string {
  return text.trimStart().replace(/(?<!\\)\s+$/, '');
}

export interface BlockLine {
  kind: BlockKind;
  /** The number as typed, when the line carries one ("4", "IV", "c"). */
  typed: string;
  /** The text after the number. */
  rest: string;
}

const NUMERAL = /^(\d{1,4})\.(?:\s+|$)(.*)$/s;
const FRACCION = /^([IVXLCDM]{1,8})\.(?:\s+|$)(.*)$/s;
const INCISO = /^([a-z])\1*\)(?:\s+|$)(.*)$/s;
const TRANSITORIO = /^([A-ZÁÉÍÓÚÜ]+(?: [A-ZÁÉÍÓÚÜ]+){0,3})\s*\.\s*[-–—]\s*(.*)$/s;

/** Classifies a body line; a leading backslash forces a plain paragraph. */
export function classifyBlockLine(line: string): BlockLine {
  if (line.startsWith('\\') && !/^\\[\\*[\]]/.test(line)) return { kind: 'parrafo', typed: '', rest: line.slice(1) };
  let m = NUMERAL.exec(line);
  if (m) return { kind: 'numeral', typed: m[1] ?? '', rest: m[2] ?? '' };
  m = FRACCION.exec(line);
  if (m && fromRoman(m[1] ?? '') !== null) return { kind: 'fraccion', typed: m[1] ?? '', rest: m[2] ?? '' };
  m = INCISO.exec(line);
  if (m) {
    const letters = line.slice(0, line.indexOf(')'));
    if (fromLetter(letters) !== null) return { kind: 'inciso', typed: letters, rest: m[2] ?? '' };
  }
  return { kind: 'parrafo', typed: '', rest: line };
}

/** Recognises the start of a transitory article ("DÉCIMO PRIMERO.- texto"). */
export function matchTransitorioLine(line: string): { typed: string; rest: string } | null {
  const m = TRANSITORIO.exec(line);
  if (!m) return null;
  const typed = (m[1] ?? '').trim();
  return fromSpanishOrdinal(typed) === null ? null : { typed, rest: m[2] ?? '' };
}

/** True when a plain paragraph's Markdown must be escaped so it is not read back as something else. */
export function needsLineEscape(markdown: string): boolean {
  // (A line that starts with "\ " — an escaped leading space — already reads as a paragraph.)
  if (/^(#|<!--|>)/.test(markdown)) return true;
  if (classifyBlockLine(markdown).kind !== 'parrafo') return true;
  return matchTransitorioLine(markdown) !== null;
}

export type HeadingLine =
  | { kind: 'document'; text: string }
  | { kind: 'preambulo' }
  | { kind: 'titulo'; typed: string; name: string }
  | { kind: 'transitorios'; name: string }
  | { kind: 'capitulo'; typed: string; name: string }
  | { kind: 'articulo'; typed: string; epigrafe: string }
  | { kind: 'apartado'; typed: string; epigrafe: string }
  | { kind: 'unknown'; level: number; text: string };

/** Splits "NUM. rest" (rest may be empty); null when there is no "NUM." prefix. */
function numberAndRest(text: string, numberPattern: string): { typed: string; rest: string } | null {
  const m = new RegExp(`^(${numberPattern})\\.(?:\\s+(.*))?$`, 'su').exec(text);
  return m ? { typed: m[1] ?? '', rest: trimUnescaped(m[2] ?? '') } : null;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toUpperCase();
}

/** Classifies a heading line (`#` … `#####`); null when the line is not a heading. */
export function classifyHeadingLine(line: string): HeadingLine | null {
  const m = /^(#{1,6})\s+(.*)$/s.exec(line);
  if (!m) return null;
  const level = (m[1] ?? '').length;
  const text = trimUnescaped(m[2] ?? '');
  const folded = fold(text);
  if (level === 1) return { kind: 'document', text };
  if (level === 2) {
    if (folded === 'PREAMBULO') return { kind: 'preambulo' };
    if (folded.startsWith('TRANSITORIO')) return { kind: 'transitorios', name: text };
    if (folded.startsWith('TITULO ')) {
      const parsed = numberAndRest(text.slice(text.indexOf(' ') + 1), '[^.]+');
      if (parsed && fromSpanishOrdinal(parsed.typed) !== null) return { kind: 'titulo', typed: parsed.typed, name: parsed.rest };
    }
  }
  if (level === 3 && folded.startsWith('CAPITULO ')) {
    const parsed = numberAndRest(text.slice(text.indexOf(' ') + 1), '[IVXLCDM]+|ÚNICO|UNICO');
    if (parsed) return { kind: 'capitulo', typed: parsed.typed, name: parsed.rest };
  }
  if (level === 4 && folded.startsWith('ARTICULO ')) {
    const parsed = numberAndRest(text.slice(text.indexOf(' ') + 1), '\\d+');
    if (parsed) return { kind: 'articulo', typed: parsed.typed, epigrafe: parsed.rest };
  }
  if (level === 5) {
    const parsed = numberAndRest(text, '[A-Z]{1,3}');
    if (parsed) return { kind: 'apartado', typed: parsed.typed, epigrafe: parsed.rest };
  }
  return { kind: 'unknown', level, text };
}
