/**
 * The number styles of Mexican legal drafting, both ways (format for display and export, parse for
 * import): roman numerals for fracciones and capítulos, letters for incisos and apartados, and
 * Spanish ordinal words for títulos and transitory articles.
 */

const ROMAN: ReadonlyArray<readonly [number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

/** 14 → "XIV". */
export function toRoman(n: number): string {
  let rest = n;
  let out = '';
  for (const [value, symbol] of ROMAN) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** "XIV" → 14; null when the text is not a canonical roman numeral. */
export function fromRoman(text: string): number | null {
  if (!/^[IVXLCDM]+$/.test(text)) return null;
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const value = romanValue(text[i] ?? '');
    const next = romanValue(text[i + 1] ?? '');
    total += next > value ? -value : value;
  }
  return toRoman(total) === text ? total : null;
}

function romanValue(ch: string): number {
  return ROMAN.find(([, s]) => s === ch)?.[0] ?? 0;
}

// Mexican legislative drafting skips ñ (and the digraphs) in incisos: … m) n) o) p) …
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** 1 → "a", 26 → "z", 27 → "aa", 28 → "bb" (the usual continuation in legal texts). */
export function toLetter(n: number): string {
  const index = (n - 1) % LETTERS.length;
  const repeat = Math.floor((n - 1) / LETTERS.length) + 1;
  return (LETTERS[index] ?? 'a').repeat(repeat);
}

/** "c" → 3, "bb" → 28; null when the text is not a letter number. */
export function fromLetter(text: string): number | null {
  const lower = text.toLowerCase();
  if (!/^([a-z])\1*$/.test(lower)) return null;
  const index = LETTERS.indexOf(lower[0] ?? '');
  return index + 1 + (lower.length - 1) * LETTERS.length;
}

const UNITS = ['', 'PRIMERO', 'SEGUNDO', 'TERCERO', 'CUARTO', 'QUINTO', 'SEXTO', 'SÉPTIMO', 'OCTAVO', 'NOVENO'];
const TENS = [
  '', 'DÉCIMO', 'VIGÉSIMO', 'TRIGÉSIMO', 'CUADRAGÉSIMO', 'QUINCUAGÉSIMO',
  'SEXAGÉSIMO', 'SEPTUAGÉSIMO', 'OCTOGÉSIMO', 'NONAGÉSIMO',
];

/** 1 → "PRIMERO", 11 → "DÉCIMO PRIMERO", 39 → "TRIGÉSIMO NOVENO" (as the CDMX constitution writes them). */
export function toSpanishOrdinal(n: number): string {
  if (n < 1 || n > 199) return String(n);
  const hundreds = n >= 100 ? 'CENTÉSIMO' : '';
  const rest = n % 100;
  const words = [hundreds, TENS[Math.floor(rest / 10)] ?? '', UNITS[rest % 10] ?? ''].filter((w) => w !== '');
  return words.join(' ');
}

const ORDINALS_BY_TEXT: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let n = 1; n <= 199; n++) map.set(toSpanishOrdinal(n), n);
  // Common variants met in real texts.
  map.set('UNDÉCIMO', 11);
  map.set('DUODÉCIMO', 12);
  map.set('DECIMO', 10);
  return map;
})();

/** "DÉCIMO PRIMERO" → 11 (accents and case are forgiven); null when it is not an ordinal. */
export function fromSpanishOrdinal(text: string): number | null {
  const normal = text.trim().replace(/\s+/g, ' ').toUpperCase();
  const direct = ORDINALS_BY_TEXT.get(normal);
  if (direct !== undefined) return direct;
  const unaccented = stripAccents(normal);
  for (const [words, n] of ORDINALS_BY_TEXT) if (stripAccents(words) === unaccented) return n;
  return null;
}

function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '');
}
