/**
 * The JSON import format (docs/sources.md): an array of objects shaped like SourceInput. JSON.parse
 * does not say where things are, so a light scan finds the line each array element starts on; a
 * problem then names the element's index, its line and the field path.
 */
export interface JsonRow {
  index: number;
  line: number;
  value: unknown;
}

export type JsonRows = { ok: true; rows: JsonRow[] } | { ok: false; line: number; reason: string };

/** Parses `text` as an array of rows; the whole file is refused when it is not one. */
export function jsonSourceRows(text: string): JsonRows {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // Node states the place as "position N" or "(line L column C)" depending on the version.
    const position = /position (\d+)/.exec(message)?.[1];
    const line = /line (\d+)/.exec(message)?.[1];
    return {
      ok: false,
      line: line !== undefined ? Number(line) : position !== undefined ? lineAt(text, Number(position)) : 1,
      reason: `not valid JSON: ${message}`,
    };
  }
  if (!Array.isArray(parsed)) return { ok: false, line: 1, reason: 'the file must hold a JSON array of sources ([{"kind": …}, …])' };
  const lines = elementLines(text);
  return { ok: true, rows: parsed.map((value: unknown, index) => ({ index, line: lines[index] ?? 1, value })) };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line on which each element of the top-level array starts (the text is valid JSON). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let expectingElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\ufeff') continue;
    if (depth === 1 && expectingElement && ch !== ']') {
      lines.push(line);
      expectingElement = false;
    }
    if (ch === '"') {
      // Skip the string; escapes cannot hide a quote from this loop, and strings hold no raw newlines.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectingElement = true;
    } else if (ch === ']' || ch === '}') {
      depth--;
    } else if (ch === ',' && depth === 1) {
      expectingElement = true;
    }
  }
  return lines;
}
