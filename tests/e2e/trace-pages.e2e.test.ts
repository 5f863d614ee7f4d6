/**
 * The public trace pages in the browser with many petitions: the auditor's chart summarises them
 * (dots for the most signed, bars for the rest, zero on its own line, a 10,000,000 label whole), its
 * table and the commitments lists grow a page at a time with the focus on the first new entry; the
 * sources page keeps the focus on "show more", refuses an unknown level and an over-long search in
 * the reader's language; a source's page says who retired a link and when, leaves out empty
 * sections, and bad addresses show "not found"; nothing scrolls sideways on a 375 px phone.
 * Screenshots land in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceInput } from '../../server/storage/source-store.ts';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { watch } from './support/pages.ts';

const session = browserSession();
const ids = new Map<string, string>();
const PHONE = { width: 375, height: 667 };

function petition(ref: string, title: string, signatures: number): SourceInput {
  return { kind: 'petition', externalRef: ref, title, summary: `Resumen de ${title}`, url: null, sample: true, details: { signatures, openedOn: '2016-05-01' } };
}

beforeAll(async () => {
  const store = session.server.carta.store;
  const inputs: SourceInput[] = [
    petition('e2e/huge', 'Una petición con diez millones de firmas', 10_000_000),
    petition('e2e/zero', 'Una petición sin firmas', 0),
    {
      kind: 'meeting',
      externalRef: 'e2e/meeting-empty',
      title: 'Encuentro vecinal sin resumen',
      summary: '',
      url: null,
      sample: true,
      details: { date: '2016-06-01', organiser: 'Colectivo de ejemplo', place: 'Centro comunitario', topic: 'Agua', attendees: 12, minutes: 'Minuta de ejemplo.' },
    },
  ];
  // Enough petitions that the chart groups some of them, and that threshold 1 has several pages.
  for (let i = 0; i < 1_200; i++) inputs.push(petition(`e2e/many/${i}`, `Petición generada ${i}`, 20 + ((i * 7_919) % 4_000)));
  for (let i = 0; i < 30; i++) inputs.push(petition(`e2e/over/${i}`, `Petición sobre el umbral ${i}`, 5_000 + i * 1_000));
  await store.sources.importSources(inputs, { id: 'system', file: 'trace-pages.json' }, Date.now());
  for (const ref of ['e2e/huge', 'e2e/zero', 'e2e/meeting-empty']) {
    const page = await store.sources.searchSources({ q: '', limit: 5_000 });
    const found = page.sources.find((s) => s.externalRef === ref);
    if (!found) throw new Error(`${ref} was not imported`);
    ids.set(ref, found.id);
  }
  // A link to the huge petition, then retired by a member who says why.
  const member = await store.ensureUser({ id: 'e2e-trace-member', name: 'Rosa Linares', role: 'member' }, Date.now());
  const reader = await session.server.signIn('citizen', 'Lectora');
  const token = new URL(reader).hash.replace(/^#token=/, '');
  const outline = (await (await fetch(`${session.server.url}/api/documents/cdmx/articles`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ uid: string }>;
  const link = await store.links.createLink(
    { docId: 'cdmx', articleUid: outline[0]?.uid ?? '', sourceId: ids.get('e2e/huge') ?? '', relation: 'incorporates', rationale: 'Lo recoge el artículo 1.', anchor: null, replaces: null },
    member.id,
    Date.now(),
  );
  await store.links.retireLink(link.id, 'Se vinculó al artículo equivocado.', member.id, Date.now());
});

async function anonymous(name: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await session.browser.newContext({ viewport });
  const page = await context.newPage();
  session.adopt(watch(page, context, name));
  return page;
}

/** The page is no wider than its window, and the language button is inside it. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: document.documentElement.clientWidth }));
  expect(widths.page).toBeLessThanOrEqual(widths.window);
  const button = await page.getByTestId('lang-switch').boundingBox();
  expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(widths.window);
}

describe('the auditor page with many petitions', () => {
  it('summarises the chart: the most signed as dots, the rest as bars, zero apart, every label whole', async () => {
    const page = await anonymous('auditor chart');
    const started = Date.now();
    await page.goto(`${session.server.url}/auditor`);
    await page.getByTestId('auditor-commitments').waitFor();
    expect(Date.now() - started).toBeLessThan(5_000);
    // The audit log's head is in the public footer, as the server states it, for anyone to note.
    const head = (await (await fetch(`${session.server.url}/api/audit/head`)).json()) as { count: number; hash: string };
    await expect.poll(() => page.getByTestId('audit-head-hash').innerText()).toBe(head.hash);
    const chart = page.getByTestId('signatures-chart');
    expect(await chart.locator('.chart-dots circle').count()).toBe(1_000);
    expect(await chart.locator('.chart-bins [data-bin]').count()).toBeGreaterThan(3);
    expect(await chart.locator('line[data-threshold]').count()).toBe(3);
    // Zero signatures: its own line, labelled 0, never drawn at 1.
    expect(await chart.locator('[data-zero-line]').count()).toBe(1);
    expect(await chart.locator('text[data-tick="0"]').textContent()).toBe('0');
    expect(await chart.locator('.chart-bins [data-bin="0-0"]').count()).toBe(1);
    // The 10,000,000 tick is whole and inside the chart.
    const tick = chart.locator('text[data-tick="10000000"]');
    expect(await tick.textContent()).toBe('10,000,000');
    expect(await tick.evaluate((text) => (text as SVGTextElement).getBBox().x)).toBeGreaterThanOrEqual(0);
    // The text alternative is the chart's figures in a few sentences, not a list of petitions.
    const describedBy = await chart.getAttribute('aria-describedby');
    const words = (await page.locator(`#${describedBy}`).textContent()) ?? '';
    expect(words).toContain('tienen texto vinculado');
    expect(words).toContain('sin ninguna firma');
    expect(words.length).toBeLessThan(1_000);
    await page.getByTestId('auditor-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'trace-auditor-chart-summary');
  });

  it('reads each threshold heading once, and grows the lists a page at a time with the focus on the first new entry', async () => {
    const page = await anonymous('auditor lists');
    await page.goto(`${session.server.url}/auditor`);
    await page.getByTestId('auditor-commitments').waitFor();
    const heading = page.locator('.commitment-level[data-level="3"] h3');
    expect(((await heading.textContent()) ?? '').replace(/\s+/g, ' ')).toBe('Umbral 3 50,000 firmas o más');
    expect(await heading.locator('[title]').count()).toBe(0);

    const level1 = page.locator('.commitment-level[data-level="1"]');
    expect(await level1.getByTestId('not-honoured').count()).toBe(10);
    await level1.getByTestId('more-notHonoured').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => level1.getByTestId('not-honoured').count()).toBe(35);
    const eleventh = (await level1.getByTestId('not-honoured').nth(10).locator('a').first().textContent()) ?? '';
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(eleventh);

    await page.locator('details.chart-table summary').click();
    const rows = page.getByTestId('chart-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(25);
    await page.getByTestId('chart-table-more').click();
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex)).toBe(26);
    expect(await page.getByTestId('chart-table').locator('caption').textContent()).toMatch(/^Peticiones de más a menos firmas: 50 de /);
  });
});

describe('the sources page', () => {
  it('moves the focus to the first new result after "show more"', async () => {
    const page = await anonymous('sources more');
    await page.goto(`${session.server.url}/sources`);
    await expect.poll(() => page.getByTestId('source-item').count()).toBe(25);
    await page.getByTestId('sources-more').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('source-item').count()).toBe(50);
    const first = (await page.getByTestId('source-item').nth(25).locator('a').first().textContent()) ?? '';
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(first);
  });

  it('drops a threshold level that does not exist, saying so, and the filter shows what is applied', async () => {
    const page = await anonymous('sources unknown level');
    await page.goto(`${session.server.url}/sources?minLevel=7`);
    await page.getByTestId('sources-level-unknown').waitFor();
    expect(await page.getByTestId('sources-level-unknown').textContent()).toContain('No hay umbral 7');
    expect(await page.getByTestId('sources-level').inputValue()).toBe('0');
    await expect.poll(() => page.getByTestId('source-item').count()).toBe(25);
    expect(new URL(page.url()).search).toBe('');
  });

  it('limits the search to what the server accepts, and explains a refused one in Spanish with no stale results', async () => {
    const page = await anonymous('sources long query');
    await page.goto(`${session.server.url}/sources`);
    await expect.poll(() => page.getByTestId('source-item').count()).toBe(25);
    expect(await page.getByTestId('sources-q').getAttribute('maxlength')).toBe('500');
    await page.goto(`${session.server.url}/sources?q=${'a'.repeat(501)}`);
    await expect.poll(async () => (await page.getByTestId('sources-status').textContent()) ?? '').toContain('La búsqueda no es válida');
    // Not the server's English message ("q: Too big: …").
    expect(await page.getByTestId('sources-status').textContent()).not.toMatch(/\bq:|too big/i);
    expect(await page.getByTestId('source-item').count()).toBe(0);
  });
});

describe('a source page', () => {
  it('says who retired a link and when, and leaves out a section an import left empty', async () => {
    const page = await anonymous('source retired');
    await page.goto(`${session.server.url}/sources/${ids.get('e2e/huge')}`);
    const retired = page.getByTestId('source-link-retired');
    await retired.waitFor();
    expect(await retired.textContent()).toMatch(/^Retiró el vínculo Rosa Linares, .+\d{4}.+\. Motivo: Se vinculó al artículo equivocado\.$/);

    await page.goto(`${session.server.url}/sources/${ids.get('e2e/meeting-empty')}`);
    await page.getByTestId('source-title').waitFor();
    expect(await page.locator('main h2').allTextContents()).not.toContain('Qué pidió');
    expect(await page.locator('main').textContent()).toContain('Minuta de ejemplo.');
  });

  it('shows "not found" for an address that cannot name a source', async () => {
    const page = await anonymous('source bad address');
    for (const address of ['/sources/%E0%A4%A', `/sources/${'x'.repeat(120)}`, '/sources/src_nosuchsource']) {
      const response = await page.goto(`${session.server.url}${address}`);
      expect(response?.headers()['content-type']).toMatch(/^text\/html/);
      await page.getByTestId('source-not-found').waitFor();
      expect(await page.getByTestId('source-not-found').textContent()).toBe('Fuente no encontrada');
      expect(await page.getByTestId('trace-app').getAttribute('data-page')).toBe('source');
    }
  });
});

describe('on a phone (375 × 667)', () => {
  it('scrolls none of the trace pages sideways, and keeps the language button on screen', async () => {
    const page = await anonymous('phone', PHONE);
    await page.goto(`${session.server.url}/sources`);
    await expect.poll(() => page.getByTestId('source-item').count()).toBe(25);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'trace-phone-sources');

    await page.goto(`${session.server.url}/sources/${ids.get('e2e/huge')}`);
    await page.getByTestId('source-link-retired').waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'trace-phone-source');

    await page.goto(`${session.server.url}/auditor`);
    await page.getByTestId('auditor-commitments').waitFor();
    await page.locator('details.chart-table summary').click();
    await expect.poll(() => page.getByTestId('chart-table').locator('tbody tr').count()).toBe(25);
    await expectNoSidewaysScroll(page);
    const table = await page.getByTestId('chart-table').boundingBox();
    expect((table?.x ?? 0) + (table?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId('auditor-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'trace-phone-auditor');
    // In English too (longer words).
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await page.getByTestId('auditor-commitments').textContent()) ?? '').toContain('Commitments');
    await expectNoSidewaysScroll(page);
    for (const person of session.opened) expect(person.errors).toEqual([]);
  });
});
