/**
 * The history page's logic without a browser: plural messages in both languages, no sentence
 * that ends a date with a second period, failures worded by error id (never the server's English),
 * the changelog's groups with restore offered once per article the older point had, each block's
 * place in words, the comparison in the address, the blame legend's shares; and on the server,
 * each block's place by number and the reading order of changed blocks.
 */
import { describe, expect, it } from 'vitest';
import { blockPlaces } from '../../server/history/block-places.ts';
import { inReadingOrder } from '../../server/history/reading-order.ts';
import { blameShares } from '../../client/history/blame-legend.ts';
import { articleText, changeGroups, placeText, unrestorableArticles } from '../../client/history/changelog-groups.ts';
import { comparisonFromSearch, searchWithComparison } from '../../client/history/comparison-address.ts';
import { explainReason, historyErrorText } from '../../client/history/history-errors.ts';
import { ApiError } from '../../client/session/api-client.ts';
import type { BlockChange, DiffAnswer, StructureChange } from '../../shared/history/history-types.ts';
import { en } from '../../shared/i18n/en.ts';
import { es } from '../../shared/i18n/es.ts';
import { type MessageKey, pluralCategory, translate, translatePlural } from '../../shared/i18n/index.ts';
import { b } from '../support/legal-doc-builder.ts';

const tEs = (key: MessageKey, params?: Record<string, string | number>): string => translate('es', key, params);
const tEn = (key: MessageKey, params?: Record<string, string | number>): string => translate('en', key, params);

describe('plural messages', () => {
  it('pick the form that fits the count, in Spanish and in English', () => {
    expect(translatePlural('es', 'history.audit.found', 1)).toBe('1 evento encontrado.');
    expect(translatePlural('es', 'history.audit.found', 2)).toBe('2 eventos encontrados.');
    expect(translatePlural('es', 'history.audit.found', 0)).toBe('0 eventos encontrados.');
    expect(translatePlural('en', 'history.audit.found', 1)).toBe('1 event found.');
    expect(translatePlural('en', 'history.audit.found', 3)).toBe('3 events found.');
    expect(translatePlural('es', 'history.point.day', 1, { day: '2026-05-04' })).toBe('Fin del día 2026-05-04 (1 cambio)');
    expect(translatePlural('en', 'history.point.day', 7, { day: '2026-05-04' })).toBe('End of 2026-05-04 (7 changes)');
    expect(translatePlural('es', 'history.compare.done', 1)).toBe('Comparación lista: 1 cambio.');
  });

  it('write the count for the language, and fall back to "other" for a category without a form', () => {
    expect(translatePlural('es', 'history.audit.head', 1234)).toBe('Registro de auditoría: 1,234 eventos; cabeza');
    // Spanish calls a million "many" (un millón de…): the catalogue's "other" form serves.
    expect(pluralCategory('es', 1_000_000)).toBe('many');
    expect(translatePlural('es', 'history.audit.shown', 1_000_000)).toBe('1,000,000 eventos, del más reciente al más antiguo.');
  });

  it('have both forms in both catalogues', () => {
    for (const catalog of [es, en] as const) {
      const keys = Object.keys(catalog);
      for (const key of keys.filter((k) => k.startsWith('history.') && k.endsWith('.one'))) expect(keys, key).toContain(key.replace(/\.one$/, '.other'));
    }
  });

  it('never put a period straight after a date (a time like "4:54 p.m." ends with one)', () => {
    for (const [lang, catalog] of [['es', es], ['en', en]] as const) {
      for (const [key, text] of Object.entries(catalog).filter(([k]) => k.startsWith('history.') || k.startsWith('version.'))) expect(text, `${lang} ${key}`).not.toMatch(/\{(date|when)\}\./);
    }
    const at = new Date(2026, 0, 1, 16, 54).toLocaleString('es-MX', { dateStyle: 'medium', timeStyle: 'short' });
    expect(translate('es', 'version.position.when', { date: at, seq: 2 })).not.toContain('..');
  });
});

describe('failures on the history page', () => {
  const refusal = (id: string, status: number): ApiError => new ApiError(id, status, 'name: a name is required');

  it('say what was not done and why, in the person’s words, never the server’s message', () => {
    const text = historyErrorText(tEs, 'name', refusal('invalid-body', 400));
    expect(text).toBe('No se guardó la versión. El nombre es obligatorio y tiene como mucho 200 caracteres; la nota, como mucho 5000.');
    expect(text).not.toContain('a name is required');
    expect(historyErrorText(tEn, 'restore', refusal('not-found', 404), { article: 'Artículo 15' })).toBe(
      'Artículo 15 was not restored. That article was not in the “From” point, or is no longer in the current text.',
    );
  });

  it('word every id the history routes answer', () => {
    const cases: Array<[Parameters<typeof explainReason>[0], string, number, MessageKey]> = [
      ['name', 'forbidden', 403, 'history.reason.forbidden'],
      ['name', 'csrf', 403, 'history.reason.csrf'],
      ['name', 'not-found', 404, 'history.reason.documentNotFound'],
      ['restore', 'nothing-to-restore', 409, 'history.reason.nothingToRestore'],
      ['restore', 'refused', 409, 'history.reason.refused'],
      ['restore', 'not-in-version', 404, 'history.reason.articleNotRestorable'],
      ['restore', 'not-in-current-text', 404, 'history.reason.articleNotRestorable'],
      ['compare', 'unknown-seq', 404, 'history.reason.badQuery'],
      ['restore', 'invalid-body', 400, 'history.reason.badQuery'],
      ['compare', 'bad-query', 400, 'history.reason.badQuery'],
      ['blame', 'not-found', 404, 'history.reason.articleGone'],
      ['load', 'network', 0, 'history.reason.network'],
      ['audit', 'unauthenticated', 401, 'history.reason.unauthenticated'],
      ['audit', 'rate-limited', 429, 'history.reason.rateLimited'],
      ['compare', 'bad-answer', 0, 'history.reason.badAnswer'],
      ['name', 'internal', 500, 'history.reason.server'],
      ['name', 'teapot', 418, 'history.reason.other'],
    ];
    for (const [action, id, status, key] of cases) expect(explainReason(action, refusal(id, status)).key, `${action} ${id}`).toBe(key);
    expect(explainReason('name', new TypeError('boom'))).toEqual({ key: 'history.reason.other', params: { id: 'TypeError' } });
  });
});

const stamp = { seq: 9, userId: 'u-ana', at: 1 };

function block(uid: string, article: string | null, change: BlockChange['change'] = 'changed', place: BlockChange['place'] = []): BlockChange {
  return { change, uid, kind: 'parrafo', article: article ? { uid: article, label: `Artículo ${article}.` } : null, place, tokens: [{ op: 'insert', text: 'x', by: stamp }] };
}

function structure(change: StructureChange['change'], kind: string, uid: string): StructureChange {
  return { change, kind, uid, before: null, after: null, by: stamp };
}

function diffOf(blocks: BlockChange[], changes: StructureChange[] = [], to = 50): DiffAnswer {
  return { from: { seq: 10, at: 1 }, to: { seq: to, at: 2 }, structure: changes, renumbered: [], blocks, links: { added: [], retired: [] }, people: { 'u-ana': 'Ana' } };
}

describe('the changelog’s text changes', () => {
  it('group blocks by article and offer to restore each article once', () => {
    const diff = diffOf([block('b1', 'A'), block('b2', 'A'), block('b3', 'B'), block('b4', null), block('b5', 'A')]);
    const groups = changeGroups(diff, 50, true);
    expect(groups.map((g) => [g.article?.uid ?? null, g.blocks.map((x) => x.uid), g.restorable])).toEqual([
      ['A', ['b1', 'b2'], true],
      ['B', ['b3'], true],
      [null, ['b4'], false],
      ['A', ['b5'], false],
    ]);
    expect(changeGroups(diff, 50, false).some((g) => g.restorable)).toBe(false);
  });

  it('offer no restore for an article the older point did not have, nor one the current text lost', () => {
    const diff = diffOf([block('n1', 'NEW', 'added'), block('g1', 'GONE', 'removed'), block('k1', 'KEPT')], [structure('added', 'articulo', 'NEW'), structure('removed', 'transitorio', 'GONE')]);
    expect(changeGroups(diff, 50, true).map((g) => [g.article?.uid, g.restorable])).toEqual([
      ['NEW', false],
      ['GONE', false],
      ['KEPT', true],
    ]);
    // Compared with an earlier point than the current text, a removed article may have come back since: the server decides.
    expect(unrestorableArticles(diffOf([], [structure('added', 'articulo', 'NEW'), structure('removed', 'articulo', 'GONE')], 40), 50)).toEqual(new Set(['NEW']));
    // Apartados are not articles: an added apartado does not stop its article's restore.
    expect(unrestorableArticles(diffOf([], [structure('added', 'apartado', 'AP')]), 50)).toEqual(new Set());
  });

  it('name each block by its place, so that two numerals of one apartado read apart', () => {
    const kind = (k: string): string => tEs(`history.kind.${k}` as MessageKey);
    const a1 = [
      { kind: 'articulo', num: '13' },
      { kind: 'apartado', num: 'A' },
      { kind: 'numeral', num: '1' },
    ];
    expect(placeText(tEs, a1, 'numeral', kind)).toBe('Artículo 13, apartado A, numeral 1');
    expect(placeText(tEs, [...a1.slice(0, 2), { kind: 'numeral', num: '2' }], 'numeral', kind)).toBe('Artículo 13, apartado A, numeral 2');
    expect(placeText(tEs, [{ kind: 'articulo', num: '13' }], 'epigrafe', kind)).toBe('Artículo 13 · epígrafe');
    expect(placeText(tEn, [{ kind: 'transitorio', num: 'PRIMERO' }, { kind: 'parrafo', num: '2' }], 'parrafo', kind)).toBe('Transitory article PRIMERO, paragraph 2');
    expect(placeText(tEs, [{ kind: 'articulo', num: '4' }, { kind: 'fraccion', num: 'IV' }, { kind: 'inciso', num: 'c' }], 'inciso', kind)).toBe('Artículo 4, fracción IV, inciso c)');
    expect(placeText(tEs, [], 'parrafo', kind)).toBe('párrafo');
    const groups = changeGroups(diffOf([block('b1', 'A', 'changed', a1)]), 50, true);
    expect(groups[0]?.article && articleText(tEs, groups[0].article)).toBe('Artículo 13');
    expect(changeGroups(diffOf([block('b1', 'A')]), 50, true)[0]?.article && articleText(tEs, { uid: 'A', label: 'Artículo 15.', place: null })).toBe('Artículo 15.');
  });
});

describe('the comparison in the address', () => {
  it('reads both log positions or nothing', () => {
    expect(comparisonFromSearch('?from=12&to=340')).toEqual({ from: 12, to: 340 });
    expect(comparisonFromSearch('?to=340&from=12&lang=en')).toEqual({ from: 12, to: 340 });
    for (const search of ['', '?from=12', '?from=0&to=3', '?from=abc&to=3', '?from=1.5&to=3', '?from=-1&to=3', '?from=1e3&to=3', '?from=99999999999999999&to=3']) expect(comparisonFromSearch(search), search).toBeNull();
  });

  it('writes them, keeping the other parameters', () => {
    expect(searchWithComparison('', { from: 3, to: 9 })).toBe('?from=3&to=9');
    expect(searchWithComparison('?lang=en&from=1&to=2', { from: 3, to: 9 })).toBe('?lang=en&from=3&to=9');
    expect(comparisonFromSearch(searchWithComparison('?x=1', { from: 4, to: 5 }))).toEqual({ from: 4, to: 5 });
  });
});

describe('the blame legend', () => {
  it('counts each person’s characters, most first, with text from before the log as nobody', () => {
    const shares = blameShares({
      seq: 5,
      articleUid: 'art',
      people: { 'u-ana': 'Ana', 'u-beto': null },
      blocks: [
        { uid: 'b1', kind: 'parrafo', runs: [{ text: 'Toda persona ', stamp: { seq: 1, userId: 'u-ana', at: 1 } }, { text: 'ñandú', stamp: { seq: 2, userId: 'u-beto', at: 2 } }] },
        { uid: 'b2', kind: 'parrafo', runs: [{ text: 'tiene', stamp: null }, { text: ' derecho', stamp: { seq: 3, userId: 'u-ana', at: 3 } }, { text: '', stamp: { seq: 4, userId: 'u-carla', at: 4 } }] },
      ],
    });
    expect(shares).toEqual([
      { userId: 'u-ana', name: 'Ana', characters: 21 },
      { userId: 'u-beto', name: null, characters: 5 },
      { userId: null, name: null, characters: 5 },
    ]);
    expect(translatePlural('es', 'history.blame.chars', 1)).toBe('1 carácter');
    expect(translatePlural('en', 'history.blame.chars', 21)).toBe('21 characters');
  });
});

describe('where each block stands (server)', () => {
  it('numbers a block by its article, apartado and list levels; a heading by its container', () => {
    const numeral1 = b.numeral('uno');
    const numeral2 = b.numeral('dos');
    const fraccion = b.fraccion('i');
    const inciso = b.inciso('a');
    const loose = b.parrafo('suelto');
    const apartadoA = b.apartado('Primero', numeral1, numeral2, fraccion, inciso);
    const thirteen = b.articuloWithUid('art-trece-0013', 'Trece', loose, apartadoA);
    const titulo = b.titulo('PRIMERO', b.articulo('Uno'), thirteen);
    const tran = b.transitorio(b.parrafo('Entra en vigor'));
    const doc = b.doc(b.preambulo('Nosotros'), titulo, b.transitorios('Transitorios', tran));
    // Article 13 is the second article of the document: numbering counts from position.
    const places = blockPlaces(doc);
    const uidOf = (node: typeof loose): string => String(node.attrs.uid);
    expect(places.get(uidOf(numeral1))).toEqual([{ kind: 'articulo', num: '2' }, { kind: 'apartado', num: 'A' }, { kind: 'numeral', num: '1' }]);
    expect(places.get(uidOf(numeral2))).toEqual([{ kind: 'articulo', num: '2' }, { kind: 'apartado', num: 'A' }, { kind: 'numeral', num: '2' }]);
    expect(places.get(uidOf(inciso))).toEqual([
      { kind: 'articulo', num: '2' },
      { kind: 'apartado', num: 'A' },
      { kind: 'numeral', num: '2' },
      { kind: 'fraccion', num: 'I' },
      { kind: 'inciso', num: 'a' },
    ]);
    expect(places.get(uidOf(loose))).toEqual([{ kind: 'articulo', num: '2' }, { kind: 'parrafo', num: '1' }]);
    expect(places.get('art-trece-0013/epigrafe')).toEqual([{ kind: 'articulo', num: '2' }]);
    expect(places.get(`${uidOf(apartadoA)}/apartado_epigrafe`)).toEqual([{ kind: 'articulo', num: '2' }, { kind: 'apartado', num: 'A' }]);
    expect(places.get(`${uidOf(titulo)}/titulo_nombre`)).toEqual([{ kind: 'titulo', num: 'PRIMERO' }]);
    expect(places.get(uidOf(tran.firstChild as typeof loose))).toEqual([{ kind: 'transitorio', num: 'PRIMERO' }, { kind: 'parrafo', num: '1' }]);
  });

  it('lists changed blocks as the text reads, a removed block where it stood', () => {
    const older = ['p1', 'p2', 'gone-a', 'gone-b', 'p3', 'p4'];
    const newer = ['new-0', 'p1', 'p2', 'p3', 'new-1', 'p4'];
    const changes = [{ uid: 'new-0' }, { uid: 'p3' }, { uid: 'new-1' }, { uid: 'gone-b' }, { uid: 'gone-a' }];
    expect(inReadingOrder(changes, older, newer).map((c) => c.uid)).toEqual(['new-0', 'gone-a', 'gone-b', 'p3', 'new-1']);
    // A removed block with nothing kept before it comes first.
    expect(inReadingOrder([{ uid: 'p1' }, { uid: 'first' }], ['first', 'p1'], ['p1']).map((c) => c.uid)).toEqual(['first', 'p1']);
  });
});
