/**
 * Readable anchors for the reading room (#articulo-13, #titulo-segundo-capitulo-ii,
 * #articulo-13-apartado-b, #transitorio-primero), made from the derived numbers. Article numbers
 * run through the whole document, so "articulo-13" is unique; capítulos and apartados are named
 * inside their título or article. Articles also answer to their uid, which never changes.
 */

/** Lowercase ASCII words joined by dashes: "TÍTULO SEGUNDO" → "titulo-segundo". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const PREAMBLE_ANCHOR = 'preambulo';
export const TRANSITORY_ANCHOR = 'transitorios';

export const titleAnchor = (num: string): string => `titulo-${slug(num)}`;
export const chapterAnchor = (titleAnchorOfParent: string, num: string): string => `${titleAnchorOfParent}-capitulo-${slug(num)}`;
export const articleAnchor = (num: string): string => `articulo-${slug(num)}`;
export const sectionAnchor = (articleAnchorOfParent: string, letter: string): string => `${articleAnchorOfParent}-apartado-${slug(letter)}`;
export const transitoryAnchor = (num: string): string => `transitorio-${slug(num)}`;
