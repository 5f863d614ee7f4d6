/**
 * The population the provenance benchmark measures against: a CSV of citizen sources (petitions,
 * meetings, proposals) with Spanish titles, and provenance links spread over the articles of the
 * real constitution, most of them to passages, with a few popular sources drawing most links (as
 * the petitions with many signatures would). Everything comes from a seeded PRNG, so a run can be
 * repeated exactly.
 */
import * as Y from 'yjs';
import { ArticleText, articlesByUid } from '../../shared/provenance/article-text.ts';
import { LINK_RELATIONS, type PassageAnchor } from '../../shared/provenance/link-types.ts';
import { passageContext, passageInArticle } from '../../shared/provenance/passage-anchoring.ts';
import { PROSEMIRROR_FRAGMENT } from '../../shared/protocol/collab.ts';
import type { LinkInput } from '../../server/storage/link-store.ts';
import type { Random } from '../../tests/support/seeded-random.ts';

/** Words of the titles (with their accents: search must find them without). */
export const TITLE_WORDS = [
  'agua', 'vivienda', 'movilidad', 'bicicleta', 'vía', 'pública', 'áreas', 'verdes', 'árboles', 'educación', 'salud', 'cultura',
  'seguridad', 'ciudadana', 'alcaldías', 'transparencia', 'participación', 'derechos', 'niñas', 'niños', 'jóvenes', 'personas',
  'mayores', 'discapacidad', 'indígenas', 'migrantes', 'trabajo', 'digno', 'economía', 'solidaria', 'espacio', 'transporte',
  'metro', 'peatones', 'basura', 'reciclaje', 'energía', 'solar', 'barrios', 'pueblos', 'originarios', 'mercados', 'deporte',
  'animales', 'protección', 'mujeres', 'igualdad', 'género', 'diversidad', 'sexual', 'memoria', 'patrimonio', 'lagos', 'ríos',
  'suelo', 'conservación', 'sismos', 'reconstrucción', 'información', 'internet', 'gratuito', 'bibliotecas', 'parques', 'ruido',
] as const;

const KINDS = [
  { kind: 'petition', share: 0.8 },
  { kind: 'meeting', share: 0.15 },
  { kind: 'proposal', share: 0.05 },
] as const;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function titleOf(random: Random, words: number): string {
  const chosen: string[] = [];
  for (let i = 0; i < words; i++) chosen.push(random.pick(TITLE_WORDS));
  const title = chosen.join(' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

function isoDay(random: Random): string {
  const day = new Date(Date.UTC(2016, 3, 1) + random.int(150) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** A CSV file of `count` sources in the documented import format (docs/sources.md). */
export function sourcesCsv(random: Random, count: number): string {
  const header = 'kind,external_ref,title,summary,url,sample,signatures,opened_on,date,organiser,place,topic,attendees,minutes';
  const lines = [header];
  for (let i = 0; i < count; i++) {
    const roll = random.next();
    let acc = 0;
    const kind = KINDS.find((k) => (acc += k.share) > roll)?.kind ?? 'petition';
    const ref = `bench/${kind}/${i}`;
    const title = `${titleOf(random, 3 + random.int(4))} (ejemplo ${i})`;
    const summary = `Ejemplo generado para medir: ${titleOf(random, 12 + random.int(20))}.`;
    if (kind === 'petition') {
      // Signatures fall off steeply: most petitions gather hundreds, a few tens of thousands.
      const signatures = Math.floor(50 * Math.exp(random.next() * 7.5));
      lines.push([kind, ref, title, summary, 'https://example.org/peticion/' + i, 'true', String(signatures), isoDay(random), '', '', '', '', '', ''].map(csvField).join(','));
    } else if (kind === 'meeting') {
      const minutes = `Minuta de ejemplo. ${titleOf(random, 60 + random.int(60))}.`;
      lines.push([kind, ref, title, summary, '', 'true', '', '', isoDay(random), 'Colectivo vecinal de ejemplo', 'Centro comunitario', titleOf(random, 3), String(10 + random.int(200)), minutes].map(csvField).join(','));
    } else {
      lines.push([kind, ref, title, summary, '', 'true', '', '', '', '', '', '', '', ''].map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One article of the live text, ready to take passages from. */
interface LinkableArticle {
  uid: string;
  text: ArticleText;
}

function linkableArticles(doc: Y.Doc): LinkableArticle[] {
  const out: LinkableArticle[] = [];
  for (const [uid, element] of articlesByUid(doc.getXmlFragment(PROSEMIRROR_FRAGMENT))) {
    const text = new ArticleText(element);
    if (text.flat.length > 40) out.push({ uid, text });
  }
  return out;
}

/** A passage of 20–160 characters inside one block of the article (as a selection would be). */
export function randomPassage(random: Random, article: ArticleText): PassageAnchor | null {
  const flat = article.flat;
  for (let attempt = 0; attempt < 10; attempt++) {
    const from = random.int(flat.length - 20);
    const to = Math.min(flat.length, from + 20 + random.int(140));
    const quote = flat.slice(from, to);
    if (quote.includes('\n') || quote.trim() !== quote) continue;
    const ends = passageInArticle(article, from, to);
    if (!ends) continue;
    return { ...ends, quote, ...passageContext(article, from, to) };
  }
  return null;
}

/**
 * `count` links over the document's articles: 70 % to passages, the rest to whole articles; 70 %
 * of them to the most popular tenth of the sources.
 */
export function* linkInputs(random: Random, doc: Y.Doc, docId: string, sourceIds: readonly string[], count: number): Generator<LinkInput> {
  const articles = linkableArticles(doc);
  const popular = sourceIds.slice(0, Math.max(1, Math.floor(sourceIds.length / 10)));
  for (let i = 0; i < count; i++) {
    const article = random.pick(articles);
    const sourceId = random.chance(0.7) ? random.pick(popular) : random.pick(sourceIds);
    const anchor = random.chance(0.7) ? randomPassage(random, article.text) : null;
    yield {
      docId,
      articleUid: article.uid,
      sourceId,
      relation: random.pick(LINK_RELATIONS),
      rationale: `Vínculo de ejemplo ${i}: ${titleOf(random, 8)}.`,
      anchor,
      replaces: null,
    };
  }
}
