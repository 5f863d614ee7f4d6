/**
 * The text diff people read (and restore edits by): word by word, then narrowed to the characters
 * that differ inside replaced words, so unchanged characters are never marked removed and re-added.
 */
import { describe, expect, it } from 'vitest';
import { diffText, trimReplacements } from '../../server/history/word-diff.ts';

const changes = (older: string, newer: string): Array<[string, string]> => diffText(older, newer).filter((p) => p.op !== 'equal').map((p) => [p.op, p.text]);

describe('the text diff', () => {
  it('marks only the letter typed inside a word', () => {
    expect(diffText('Toda persona', 'Todas persona')).toEqual([
      { op: 'equal', text: 'Toda' },
      { op: 'insert', text: 's' },
      { op: 'equal', text: ' persona' },
    ]);
  });

  it('leaves punctuation stuck to a changed word unmarked', () => {
    expect(changes('generaciones presentes y futuras.', 'generaciones presentes y futuros.')).toEqual([
      ['delete', 'a'],
      ['insert', 'o'],
    ]);
  });

  it('still replaces whole words that share nothing', () => {
    expect(changes('Toda persona', 'ENMENDADO persona')).toEqual([
      ['delete', 'Toda'],
      ['insert', 'ENMENDADO'],
    ]);
  });

  it('rebuilds both texts from its pieces', () => {
    const older = 'Las autoridades adoptarán las medidas necesarias, en el ámbito de sus competencias.';
    const newer = 'Los autoridades adoptaron medidas urgentes, en el ámbito de su competencia. 🙂';
    const pieces = diffText(older, newer);
    expect(pieces.filter((p) => p.op !== 'insert').map((p) => p.text).join('')).toBe(older);
    expect(pieces.filter((p) => p.op !== 'delete').map((p) => p.text).join('')).toBe(newer);
  });

  it('never cuts a surrogate pair in two', () => {
    // 😀 and 😃 share their first UTF-16 unit.
    expect(changes('a 😀 b', 'a 😃 b')).toEqual([
      ['delete', '😀'],
      ['insert', '😃'],
    ]);
  });

  it('keeps who did each piece when it narrows a replacement', () => {
    const trimmed = trimReplacements(
      [
        { op: 'insert' as const, text: 'Todas', by: 'ana' },
        { op: 'delete' as const, text: 'To', by: 'beto' },
        { op: 'delete' as const, text: 'da', by: 'carla' },
        { op: 'equal' as const, text: ' persona', by: '' },
      ],
      (text) => ({ op: 'equal' as const, text, by: '' }),
    );
    expect(trimmed).toEqual([
      { op: 'equal', text: 'Toda', by: '' },
      { op: 'insert', text: 's', by: 'ana' },
      { op: 'equal', text: ' persona', by: '' },
    ]);
  });
});
