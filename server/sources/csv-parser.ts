/**
 * A small RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may hold commas,
 * line breaks and doubled quotes, CRLF or LF line ends, an optional byte-order mark. Each record
 * remembers the line it starts on, so problems found later can name it. Malformed quoting is
 * reported (with its line) instead of guessed at; a quote inside an unquoted field (`say "hi"`) is
 * unambiguous and common in hand-made files, so it is kept as a character, as most readers do.
 */
export interface CsvRecord {
  /** The 1-based line the record starts on (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvSyntaxError {
  line: number;
  /** 1-based field position in the record. */
  field: number;
  reason: string;
}

export interface ParsedCsv {
  records: CsvRecord[];
  errors: CsvSyntaxError[];
}

/** Splits `text` into records; blank lines between records are skipped. */
export function parseCsv(text: string): ParsedCsv {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;

  const endRecord = (): void => {
    // A line with nothing on it is not a record of one empty field.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i <= text.length) {
    if (fields.length === 0) recordLine = line;
    let value = '';
    if (text[i] === '"') {
      const openedOn = line;
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i];
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          closed = true;
          i++;
          break;
        }
        if (ch === '\n') line++;
        value += ch;
        i++;
      }
      if (!closed) {
        errors.push({ line: openedOn, field: fields.length + 1, reason: 'a quoted field is never closed (a missing closing ")' });
        fields.push(value);
        endRecord();
        break;
      }
      // After a closing quote only a separator or the end of the line may follow.
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
        errors.push({ line, field: fields.length + 1, reason: `unexpected ${JSON.stringify(after)} after a closing quote (write a quote inside a quoted field as "")` });
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      }
    } else {
      while (i < text.length) {
        const ch = text[i];
        if (ch === ',' || ch === '\n' || ch === '\r') break;
        value += ch;
        i++;
      }
    }
    fields.push(value);
    const sep = text[i];
    if (sep === ',') {
      i++;
      continue;
    }
    endRecord();
    if (sep === undefined) break;
    // CRLF, LF, or a lone CR all end the record.
    i += sep === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    if (i === text.length) break;
  }
  return { records, errors };
}
