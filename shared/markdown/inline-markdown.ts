/**
 * Inline Markdown for the text inside one block: *em*, **strong**, [text](href "title") and
 * backslash escapes. Parsing and serialising are inverses for everything the schema can hold.
 */
import type { Mark, Node as PMNode, NodeType, Schema } from 'prosemirror-model';
import { SAFE_HREF } from '../schema/legal-schema.ts';

const ESCAPABLE = new Set(['\\', '*', '[', ']']);

/** Escapes the characters that would otherwise start or end inline markup. */
export function escapeInline(text: string): string {
  let out = '';
  for (const ch of text) out += ESCAPABLE.has(ch) ? `\\${ch}` : ch;
  return out;
}

interface Span {
  text: string;
  marks: Mark[];
}

/** Parses inline Markdown into text nodes allowed in `parent` (marks it does not allow are dropped). */
export function parseInline(source: string, schema: Schema, parent: NodeType): PMNode[] {
  const spans: Span[] = [];
  parseInto(source, [], schema, spans);
  const nodes: PMNode[] = [];
  for (const span of spans) {
    if (span.text === '') continue;
    const marks = span.marks.filter((mark) => parent.allowsMarkType(mark.type));
    const previous = nodes[nodes.length - 1];
    if (previous && previous.isText && sameMarks(previous.marks, marks)) {
      nodes[nodes.length - 1] = schema.text((previous.text ?? '') + span.text, marks);
    } else {
      nodes.push(schema.text(span.text, marks));
    }
  }
  return nodes;
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((mark, i) => mark.eq(b[i] as Mark));
}

function withMark(marks: readonly Mark[], mark: Mark): Mark[] {
  return [...mark.addToSet(marks)];
}

/** Finds the index of an unescaped `needle` at or after `from`, or -1. */
function findUnescaped(source: string, needle: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === '\\') {
      i++;
      continue;
    }
    if (source.startsWith(needle, i)) return i;
  }
  return -1;
}

function parseInto(source: string, marks: Mark[], schema: Schema, out: Span[]): void {
  let text = '';
  const flush = (): void => {
    if (text !== '') out.push({ text, marks });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === '\\' && i + 1 < source.length) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (source.startsWith('**', i)) {
      const close = findUnescaped(source, '**', i + 2);
      if (close > i + 2) {
        flush();
        parseInto(source.slice(i + 2, close), withMark(marks, schema.marks.strong!.create()), schema, out);
        i = close + 2;
        continue;
      }
    } else if (ch === '*') {
      const close = findSingleStar(source, i + 1);
      if (close > i + 1) {
        flush();
        parseInto(source.slice(i + 1, close), withMark(marks, schema.marks.em!.create()), schema, out);
        i = close + 1;
        continue;
      }
    } else if (ch === '[') {
      const link = matchLink(source, i);
      if (link) {
        flush();
        const mark = schema.marks.link!.create({ href: link.href, title: link.title });
        parseInto(link.label, withMark(marks, mark), schema, out);
        i = link.end;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
}

/** A closing `*` that is not part of a `**`. */
function findSingleStar(source: string, from: number): number {
  let i = from;
  while (i < source.length) {
    const at = findUnescaped(source, '*', i);
    if (at < 0) return -1;
    if (source[at + 1] === '*') {
      const strongClose = findUnescaped(source, '**', at + 2);
      if (strongClose < 0) return -1;
      i = strongClose + 2;
      continue;
    }
    return at;
  }
  return -1;
}

function matchLink(source: string, start: number): { label: string; href: string; title: string | null; end: number } | null {
  const closeLabel = findUnescaped(source, ']', start + 1);
  if (closeLabel < 0 || source[closeLabel + 1] !== '(') return null;
  const closeParen = source.indexOf(')', closeLabel + 2);
  if (closeParen < 0) return null;
  const inner = source.slice(closeLabel + 2, closeParen);
  const parts = /^(\S+)(?:\s+"((?:[^"\\]|\\.)*)")?$/.exec(inner);
  if (!parts) return null;
  const href = parts[1] ?? '';
  if (!SAFE_HREF.test(href)) return null;
  const title = parts[2] === undefined ? null : parts[2].replace(/\\(.)/g, '$1');
  return { label: source.slice(start + 1, closeLabel), href, title, end: closeParen + 1 };
}

const MARK_ORDER = ['link', 'strong', 'em'];

function open(mark: Mark): string {
  if (mark.type.name === 'link') return '[';
  return mark.type.name === 'strong' ? '**' : '*';
}

function close(mark: Mark): string {
  if (mark.type.name === 'link') {
    const title = mark.attrs.title as string | null;
    const titlePart = title ? ` "${title.replace(/["\\]/g, '\\$&')}"` : '';
    const href = String(mark.attrs.href).replace(/\(/g, '%28').replace(/\)/g, '%29');
    return `](${href}${titlePart})`;
  }
  return mark.type.name === 'strong' ? '**' : '*';
}

/** Serialises the inline content of a text block to Markdown. */
export function serializeInline(block: PMNode): string {
  let out = '';
  const active: Mark[] = [];
  block.forEach((child) => {
    const marks = [...child.marks].sort((a, b) => MARK_ORDER.indexOf(a.type.name) - MARK_ORDER.indexOf(b.type.name));
    // Keep the longest common prefix of open marks; close the rest (innermost first).
    let keep = 0;
    while (keep < active.length && keep < marks.length && active[keep]!.eq(marks[keep]!)) keep++;
    while (active.length > keep) out += close(active.pop()!);
    for (const mark of marks.slice(keep)) {
      out += open(mark);
      active.push(mark);
    }
    out += escapeInline(child.text ?? '');
  });
  while (active.length > 0) out += close(active.pop()!);
  return protectEdgeSpaces(out);
}

/** A leading or trailing space would be trimmed on import: write it as "\ " (an escaped space). */
function protectEdgeSpaces(markdown: string): string {
  let out = markdown;
  if (out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}
