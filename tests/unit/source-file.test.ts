/** Reading import files: CSV syntax, strict UTF-8, validation per kind, problems with line and column. */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/sources/csv-parser.ts';
import { parseSourceFile } from '../../server/sources/source-file.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const HEADER = 'kind,external_ref,title,summary,url,sample,signatures,opened_on,theme,question,responses,sample_responses,date,organiser,place,topic,attendees,minutes';

describe('the CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes, line breaks, CRLF and a BOM, and knows each record’s line', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","He said ""hi"""\r\n2,"two\nlines",z\n\n3,,\n';
    const { records, errors } = parseCsv(text);
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'He said "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', 'z'] },
      { line: 6, fields: ['3', '', ''] },
    ]);
  });

  it('reports an unclosed quote and text after a closing quote with their lines, and keeps quotes inside unquoted fields', () => {
    expect(parseCsv('a,b\n1,"open\n2,3').errors).toEqual([{ line: 2, field: 2, reason: expect.stringMatching(/never closed/) }]);
    expect(parseCsv('a,b\n1,say "hi"\n')).toEqual({ records: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', 'say "hi"'] }], errors: [] });
    expect(parseCsv('a,b\n1,"x"y\n').errors[0]).toMatchObject({ line: 2, field: 2 });
  });
});

describe('reading a source file', () => {
  it('reads every kind from CSV, leaving other kinds’ columns empty', () => {
    const csv = [
      HEADER,
      'petition,p-1,Más áreas verdes,"Pide 9.2 m² por habitante",https://example.org/p,false,52000,2016-04-02,,,,,,,,,,',
      'survey_theme,q26-agua,Agua,,,,,,Agua,¿Retos?,,"más agua | menos fugas",,,,,,',
      'meeting,m-1,Encuentro,,,yes,,,,,,,2016-05-01,Colectivo Sur,Coyoacán,movilidad,30,"Acta:\nmovilidad"',
      'proposal,pr-1,Propuesta,,,,,,,,,,,,,,,',
    ].join('\n');
    const result = parseSourceFile(utf8(csv), 'csv', 'f.csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sources).toEqual([
      { kind: 'petition', externalRef: 'p-1', title: 'Más áreas verdes', summary: 'Pide 9.2 m² por habitante', url: 'https://example.org/p', sample: false, details: { signatures: 52000, openedOn: '2016-04-02' } },
      { kind: 'survey_theme', externalRef: 'q26-agua', title: 'Agua', summary: '', url: null, sample: false, details: { theme: 'Agua', question: '¿Retos?', responses: null, sampleResponses: ['más agua', 'menos fugas'] } },
      { kind: 'meeting', externalRef: 'm-1', title: 'Encuentro', summary: '', url: null, sample: true, details: { date: '2016-05-01', organiser: 'Colectivo Sur', place: 'Coyoacán', topic: 'movilidad', attendees: 30, minutes: 'Acta:\nmovilidad' } },
      { kind: 'proposal', externalRef: 'pr-1', title: 'Propuesta', summary: '', url: null, sample: false, details: {} },
    ]);
  });

  it('accepts a CSV with only the columns its kinds need', () => {
    const result = parseSourceFile(utf8('kind,external_ref,title,signatures\npetition,p-1,Uno,5\n'), 'csv', 'f.csv');
    expect(result).toMatchObject({ ok: true, sources: [{ details: { signatures: 5, openedOn: null } }] });
  });

  it('lists every problem with its line and column, and returns no sources', () => {
    const csv = [
      'kind,external_ref,title,url,signatures,opened_on,date,organiser',
      'petition,p-1,Uno,javascript:alert(1),12,2016-02-30,,',
      'petition,p-2,,https://ok.example,-3,,,',
      'meeting,m-1,Encuentro,,,,,Colectivo',
      'petition,p-1,Otra vez,,1,,,',
      'motion,x,Y,,,,,',
    ].join('\r\n');
    const result = parseSourceFile(utf8(csv), 'csv', 'bad.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { line: 2, column: 'url', reason: 'must be an http:// or https:// URL' },
      { line: 2, column: 'opened_on', reason: 'is not a day of the calendar' },
      { line: 3, column: 'title', reason: 'must not be empty' },
      { line: 3, column: 'signatures', reason: 'must not be negative' },
      { line: 4, column: 'date', reason: 'is required' },
      { line: 5, column: 'external_ref', reason: 'external reference "p-1" is already used on line 2' },
      { line: 6, column: 'kind', reason: expect.stringMatching(/kind must be one of petition/) },
    ]);
    expect(result.message).toBe('bad.csv: 7 problems; nothing was imported.');
  });

  it('says a missing field is required, rather than that it has the wrong type', () => {
    const json = JSON.stringify([
      { kind: 'meeting', externalRef: 'm-1', title: 'Sin organizador', details: { date: '2016-05-01' } },
      { kind: 'meeting', externalRef: 'm-2', title: 'Sin fecha', details: { organiser: 'Colectivo Sur' } },
      { kind: 'meeting', externalRef: 'm-3', title: 'Sin detalles' },
      { kind: 'petition', externalRef: 'p-1', title: 'Sin firmas', details: {} },
    ]);
    const result = parseSourceFile(utf8(json), 'json', 'f.json');
    expect(result.ok ? [] : result.problems.map((p) => `${p.column}: ${p.reason}`)).toEqual([
      '[0].details.organiser: is required',
      '[1].details.date: is required',
      '[2].details: is required',
      '[3].details.signatures: is required',
    ]);
    // The same in CSV: a column left out of the header, or an empty date or signatures cell.
    const csv = parseSourceFile(utf8('kind,external_ref,title,date,signatures\nmeeting,m-1,Sin organizador,2016-05-01,\nmeeting,m-2,Sin fecha,,\npetition,p-1,Sin firmas,,\n'), 'csv', 'f.csv');
    expect(csv.ok ? [] : csv.problems.map((p) => `${p.line} ${p.column}: ${p.reason}`)).toEqual([
      '2 organiser: is required',
      '3 date: is required',
      '3 organiser: is required',
      '4 signatures: is required',
    ]);
  });

  it('names an unknown field inside details, and the fields there are', () => {
    const json = '[{"kind": "petition", "externalRef": "p-1", "title": "Uno", "details": {"signatures": 10, "foo": 1, "bar": 2}},\n{"kind": "other", "externalRef": "o-1", "title": "Otro", "details": {"signatures": 3}}]';
    const result = parseSourceFile(utf8(json), 'json', 'f.json');
    expect(result.ok ? [] : result.problems).toEqual([
      { line: 1, column: '[0].details.foo', reason: 'unknown field; the details of a petition are signatures, openedOn' },
      { line: 1, column: '[0].details.bar', reason: 'unknown field; the details of a petition are signatures, openedOn' },
      { line: 2, column: '[1].details.signatures', reason: 'unknown field; an "other" source has no details' },
    ]);
  });

  it('reports a row with too few fields by its field count, as one with too many', () => {
    const result = parseSourceFile(utf8('kind,external_ref,title\npetition,p-1\nother,o-1,Otro,de más\nother,o-2,Bien\n'), 'csv', 'f.csv');
    expect(result.ok ? [] : result.problems).toEqual([
      { line: 2, column: 'title', reason: 'the row has 2 fields but the header names 3' },
      { line: 3, column: '#4', reason: 'the row has 4 fields but the header names 3' },
    ]);
  });

  it('lists problems by line, then by column in the header’s order, whichever check found them', () => {
    const csv = [
      'kind,external_ref,title,signatures,organiser,date',
      'petition,p-1,,x,,',
      'meeting,m-1,,5,Colectivo,2016-05-01',
      'petition,p-2,Uno,1,,,extra',
      'motion,p-1,Dos,,,',
    ].join('\n');
    const result = parseSourceFile(utf8(csv), 'csv', 'f.csv');
    expect(result.ok ? [] : result.problems.map((p) => `${p.line} ${p.column}`)).toEqual(['2 title', '2 signatures', '3 title', '3 signatures', '4 #7', '5 kind', '5 external_ref']);
  });

  it('refuses an empty file with a problem, in either format', () => {
    for (const [text, format] of [['', 'csv'], ['\ufeff \n', 'json']] as const) {
      expect(parseSourceFile(utf8(text), format, 'f')).toEqual({ ok: false, message: 'f: 1 problem; nothing was imported.', problems: [{ line: 1, column: '', reason: expect.stringMatching(/^the file is empty/) }] });
    }
  });

  it('refuses unknown and missing columns, and a value in another kind’s column', () => {
    const header = parseSourceFile(utf8('kind,title,signatres\n'), 'csv', 'f.csv');
    expect(header.ok ? [] : header.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['1:signatres', '1:external_ref']);
    const misplaced = parseSourceFile(utf8('kind,external_ref,title,signatures,organiser\nmeeting,m,T,0,Colectivo\n'), 'csv', 'f.csv');
    expect(misplaced.ok ? null : misplaced.problems[0]).toMatchObject({ line: 2, column: 'signatures' });
  });

  it('enforces the length limits', () => {
    const long = (n: number): string => 'x'.repeat(n);
    const csv = `kind,external_ref,title,summary,organiser,date,minutes\nmeeting,m,${long(301)},${long(5001)},Colectivo,2016-01-01,${long(50_001)}\n`;
    const result = parseSourceFile(utf8(csv), 'csv', 'f.csv');
    expect(result.ok ? [] : result.problems.map((p) => p.column)).toEqual(['title', 'summary', 'minutes']);
    const fits = `kind,external_ref,title,summary,organiser,date,minutes\nmeeting,m,${long(300)},${long(5000)},Colectivo,2016-01-01,${long(50_000)}\n`;
    expect(parseSourceFile(utf8(fits), 'csv', 'f.csv').ok).toBe(true);
  });

  it('caps the list at 100 problems and says how many there were', () => {
    const rows = Array.from({ length: 150 }, (_, i) => `petition,p-${i},T,abc`);
    const result = parseSourceFile(utf8(['kind,external_ref,title,signatures', ...rows].join('\n')), 'csv', 'f.csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(100);
    expect(result.message).toMatch(/the first 100 are listed/);
  });

  it('refuses invalid UTF-8 and names the byte and line', () => {
    const bytes = new Uint8Array([...utf8('kind,external_ref,title\npetition,p,Caf'), 0xe9, ...utf8('\n')]);
    const result = parseSourceFile(bytes, 'csv', 'latin1.csv');
    expect(result).toMatchObject({ ok: false, problems: [{ line: 2, reason: expect.stringMatching(/byte 38 \(0xe9\) on line 2 is not valid UTF-8/) }] });
  });

  it('removes control characters (NUL, escapes) but keeps HTML, newlines and tabs verbatim', () => {
    const csv = 'kind,external_ref,title,summary\nproposal,p,"<script>alert(1)</script>\u0000","<b>a</b>\tb\u001b[31m\r\nc"\n';
    const result = parseSourceFile(utf8(csv), 'csv', 'f.csv');
    expect(result).toMatchObject({ ok: true, sources: [{ title: '<script>alert(1)</script>', summary: '<b>a</b>\tb[31m\nc' }] });
  });

  it('reads JSON and names the element, its line and the field path', () => {
    const json = `[
  {"kind": "petition", "externalRef": "p-1", "title": "Uno", "details": {"signatures": 10}},
  {
    "kind": "petition", "externalRef": "p-2", "title": "Dos",
    "details": {"signatures": "many", "openedOn": "2016-04-01"}
  },
  {"kind": "survey_theme", "externalRef": "t", "title": "T", "details": {"theme": "Agua", "question": "Q", "sampleResponses": ["ok", 3]}}
]`;
    const result = parseSourceFile(utf8(json), 'json', 'f.json');
    expect(result.ok ? [] : result.problems).toEqual([
      { line: 3, column: '[1].details.signatures', reason: 'must be a whole number' },
      { line: 7, column: '[2].details.sampleResponses[1]', reason: 'must be text' },
    ]);
    const good = parseSourceFile(utf8('[{"kind":"other","externalRef":"o","title":"Otro","sample":true}]'), 'json', 'f.json');
    expect(good).toMatchObject({ ok: true, sources: [{ kind: 'other', sample: true, details: {} }] });
  });

  it('refuses JSON that is not an array of sources, saying where it breaks', () => {
    expect(parseSourceFile(utf8('{"kind":"petition"}'), 'json', 'f.json')).toMatchObject({ ok: false, problems: [{ line: 1, reason: expect.stringMatching(/JSON array/) }] });
    expect(parseSourceFile(utf8('[\n{"kind": "other",\n}\n]'), 'json', 'f.json')).toMatchObject({ ok: false, problems: [{ line: 3, reason: expect.stringMatching(/not valid JSON/) }] });
  });
});
