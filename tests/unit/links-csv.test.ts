/** The links CSV: a byte-order mark for Excel, and no cell a spreadsheet would run. */
import { describe, expect, it } from 'vitest';
import { csvCell, linksCsv } from '../../server/provenance/links-csv.ts';

describe('the links CSV', () => {
  it('starts with a UTF-8 byte-order mark, so that Excel shows accents, then the header', () => {
    const bytes = Buffer.from(linksCsv([], new Map()), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(/^link_id,doc_id,article_uid,.*,replaces\r\n$/);
  });

  it('neutralises cells a spreadsheet would run: = + - @ | tab and carriage return', () => {
    expect(csvCell("|cmd /C calc'!A0")).toBe("'|cmd /C calc'!A0");
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell('a | b')).toBe('a | b');
    expect(csvCell('Área, verde')).toBe('"Área, verde"');
  });
});
