import { describe, expect, it } from 'vitest';
import {
  fromLetter,
  fromRoman,
  fromSpanishOrdinal,
  toLetter,
  toRoman,
  toSpanishOrdinal,
} from '../../shared/schema/numbering-styles.ts';

describe('legal number styles', () => {
  it('writes and reads roman numerals for fracciones and capítulos', () => {
    expect([1, 4, 9, 14, 40, 49].map(toRoman)).toEqual(['I', 'IV', 'IX', 'XIV', 'XL', 'XLIX']);
    for (let n = 1; n <= 120; n++) expect(fromRoman(toRoman(n))).toBe(n);
    expect(fromRoman('IIII')).toBeNull();
    expect(fromRoman('ABC')).toBeNull();
  });

  it('letters incisos without ñ and doubles the letter after z', () => {
    expect(toLetter(14)).toBe('n');
    expect(toLetter(15)).toBe('o');
    expect(toLetter(26)).toBe('z');
    expect(toLetter(27)).toBe('aa');
    for (let n = 1; n <= 60; n++) expect(fromLetter(toLetter(n))).toBe(n);
    expect(fromLetter('ab')).toBeNull();
  });

  it('writes Spanish ordinals the way the CDMX constitution does', () => {
    expect(toSpanishOrdinal(1)).toBe('PRIMERO');
    expect(toSpanishOrdinal(7)).toBe('SÉPTIMO');
    expect(toSpanishOrdinal(11)).toBe('DÉCIMO PRIMERO');
    expect(toSpanishOrdinal(20)).toBe('VIGÉSIMO');
    expect(toSpanishOrdinal(39)).toBe('TRIGÉSIMO NOVENO');
    for (let n = 1; n <= 150; n++) expect(fromSpanishOrdinal(toSpanishOrdinal(n))).toBe(n);
    expect(fromSpanishOrdinal('decimo primero')).toBe(11);
    expect(fromSpanishOrdinal('UNDÉCIMO')).toBe(11);
    expect(fromSpanishOrdinal('LA CIUDAD')).toBeNull();
  });
});
