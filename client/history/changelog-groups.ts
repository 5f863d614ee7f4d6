/**
 * The text changes of a comparison as the history page lists them: in reading order (as the
 * server sends them), grouped by the article they are in, each block named by its place
 * ("Artículo 13, apartado A, numeral 1"), and restoring offered once per article, only for an
 * article the older version had and the current text still has (the server restores an article
 * as it was in the older version into the current text, and refuses any other). DOM-free.
 */
import type { BlockChange, DiffAnswer, PlaceStep } from '../../shared/history/history-types.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';

export interface ChangeGroup {
  /** The article the blocks are in; null for blocks outside articles (preamble, names of títulos…). */
  article: { uid: string; label: string; place: PlaceStep | null } | null;
  blocks: BlockChange[];
  /** Whether this group offers to restore its article (its first group only). */
  restorable: boolean;
}

const ARTICLE_KINDS: ReadonlySet<string> = new Set(['articulo', 'transitorio']);

/**
 * Articles a restore from the older version can reach: the older version must have had them (an
 * article added since is `added` in the structure) and the current text must have them (one
 * removed since is `removed`: known when the comparison ends at the current text).
 */
export function unrestorableArticles(diff: DiffAnswer, currentSeq: number): Set<string> {
  const out = new Set<string>();
  for (const change of diff.structure) {
    if (!ARTICLE_KINDS.has(change.kind)) continue;
    if (change.change === 'added') out.add(change.uid);
    if (change.change === 'removed' && diff.to.seq >= currentSeq) out.add(change.uid);
  }
  return out;
}

/** The blocks of `diff` in runs by article, in the order given; `canRestore` when the person may restore. */
export function changeGroups(diff: DiffAnswer, currentSeq: number, canRestore: boolean): ChangeGroup[] {
  const unreachable = unrestorableArticles(diff, currentSeq);
  const offered = new Set<string>();
  const groups: ChangeGroup[] = [];
  for (const block of diff.blocks) {
    const uid = block.article?.uid ?? null;
    const last = groups.at(-1);
    if (last && (last.article?.uid ?? null) === uid) {
      last.blocks.push(block);
      continue;
    }
    const first = block.place[0];
    const article = block.article ? { ...block.article, place: first && ARTICLE_KINDS.has(first.kind) ? first : null } : null;
    const restorable = canRestore && article !== null && !unreachable.has(article.uid) && !offered.has(article.uid);
    if (restorable && article) offered.add(article.uid);
    groups.push({ article, blocks: [block], restorable });
  }
  return groups;
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STEP_KEYS: Readonly<Record<string, MessageKey>> = {
  articulo: 'history.place.articulo',
  transitorio: 'history.place.transitorio',
  apartado: 'history.place.apartado',
  numeral: 'history.place.numeral',
  fraccion: 'history.place.fraccion',
  inciso: 'history.place.inciso',
  parrafo: 'history.place.parrafo',
  titulo: 'history.place.titulo',
  capitulo: 'history.place.capitulo',
  transitorios: 'history.place.transitorios',
  preambulo: 'history.place.preambulo',
};

/** One step in words: "Artículo 13", "apartado A", "inciso c)". */
export function stepText(t: Translate, step: PlaceStep): string {
  const key = STEP_KEYS[step.kind];
  return key ? t(key, { num: step.num }) : `${step.kind} ${step.num}`.trim();
}

/**
 * A block's place in words: "Artículo 13, apartado A, numeral 1"; for a block that is not the
 * last step of its place (a heading) its kind follows: "Artículo 13 · epígrafe".
 */
export function placeText(t: Translate, place: readonly PlaceStep[], kind: string, kindText: (kind: string) => string): string {
  const steps = place.map((step) => stepText(t, step)).join(', ');
  if (place.at(-1)?.kind === kind) return steps;
  return steps === '' ? kindText(kind) : `${steps} · ${kindText(kind)}`;
}

/** An article's name for headings and buttons ("Artículo 15"), else the label the server gave ("Artículo 15."). */
export function articleText(t: Translate, article: NonNullable<ChangeGroup['article']>): string {
  return article.place ? stepText(t, article.place) : article.label;
}
