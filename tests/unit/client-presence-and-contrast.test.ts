import { describe, expect, it } from 'vitest';
import { initialsOf, peoplePresent } from '../../client/collab/presence.ts';
import { contrastRatio, readableTextOn } from '../../client/ui/contrast.ts';

describe('people present', () => {
  it('lists everyone but this client and this person, once each, by name', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'me', name: 'Yo', color: '#112233' } }],
      [2, { user: { id: 'u2', name: 'Zoé Ruiz', color: '#aa0000' } }],
      [3, { user: { id: 'u3', name: 'Ana López', color: '#00aa00' } }],
      [4, { user: { id: 'u3', name: 'Ana López', color: '#00aa00' } }],
      [5, { user: { id: 'me', name: 'Yo', color: '#112233' } }],
      [6, { cursor: null }],
      [7, { user: { name: 'Sin id', color: 'javascript:1' } }],
    ]);
    const people = peoplePresent(states, 1, 'me');
    expect(people.map((p) => p.name)).toEqual(['Ana López', 'Sin id', 'Zoé Ruiz']);
    expect(people[0]?.initials).toBe('AL');
    expect(people[1]?.color).toBe('#5b5f66');
  });

  it('makes initials from first and last names', () => {
    expect(initialsOf('Ana María López')).toBe('AL');
    expect(initialsOf('Ñandú')).toBe('ÑA');
    expect(initialsOf('  ')).toBe('?');
    expect(initialsOf('Émile Zola')).toBe('ÉZ');
  });
});

describe('contrast', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 0);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 1);
  });

  it('always picks a text colour that meets AA on any background', () => {
    for (let r = 0; r < 256; r += 17) {
      for (let g = 0; g < 256; g += 17) {
        for (let b = 0; b < 256; b += 17) {
          const bg = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
          expect(contrastRatio(bg, readableTextOn(bg))).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });
});
