/**
 * Provenance in the browser: a member selects a passage of the constitution and links it to a
 * petition; after a reload the passage is marked and the margin lists the source; the source's page
 * shows the passage; a citizen sees the link but has no link button; the auditor dashboard shows
 * the commitments and the chart. Another person sees a new link at once (the server's notice, no
 * focus change needed), a moved article keeps its marked passage, the same link twice is refused in
 * the dialog, one Escape closes the dialog, and the panel speaks English. Screenshots land in
 * test-artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from './support/browser.ts';
import { type E2EServer, startE2EServer } from './support/e2e-server.ts';
import { ARTICLES, articleUid, type OpenedPage, openAs, waitForEditor, watch } from './support/pages.ts';

let server: E2EServer;
let browser: Browser;
let petitionId = '';
const opened: OpenedPage[] = [];
const contexts: BrowserContext[] = [];

const PETITION_TITLE = 'Ajolotes y canales vivos en Xochimilco';

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchChromium();
  await server.carta.store.sources.importSources(
    [
      {
        kind: 'petition',
        externalRef: 'e2e-ajolotes',
        title: PETITION_TITLE,
        summary: 'Pide proteger los canales y el ajolote como patrimonio de la ciudad. <script>window.__pwned=1</script>',
        url: 'https://example.org/ajolotes',
        sample: true,
        details: { signatures: 62_000, openedOn: '2016-04-01' },
      },
    ],
    { id: 'system', file: 'e2e-provenance.json' },
    Date.now(),
  );
  const page = await server.carta.store.sources.searchSources({ q: 'ajolotes xochimilco', limit: 10 });
  const found = page.sources.find((s) => s.externalRef === 'e2e-ajolotes');
  if (!found) throw new Error('the test petition was not imported');
  petitionId = found.id;
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  for (const page of opened) await page.context.close();
  await browser?.close();
  await server?.stop();
});

async function anonymousPage(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  const watched = watch(page, context, name);
  opened.push(watched);
  return page;
}

/** Puts the caret at the start of the first body block of article `n` and selects its first words. */
async function selectFirstWords(page: Page, n: number, words: number): Promise<void> {
  const block = page.locator(ARTICLES).nth(n - 1).locator('p').first();
  await block.scrollIntoViewIfNeeded();
  await block.click();
  await page.keyboard.press('Home');
  for (let i = 0; i < words; i++) await page.keyboard.press('Shift+Control+ArrowRight');
}

describe('linking text to citizen sources in the browser', () => {
  let quote = '';

  it('lets a member link a selected passage to a petition, and shows the mark and the panel after a reload', async () => {
    const ana = await openAs(browser, server, 'member', 'Ana Pérez');
    opened.push(ana);
    const page = ana.page;

    await selectFirstWords(page, 1, 6);
    const button = page.locator('[data-command="linkSource"]');
    expect(await button.count()).toBe(1);
    await button.click();
    const dialog = page.getByTestId('link-dialog');
    await dialog.waitFor();
    quote = (await page.getByTestId('link-quote').textContent()) ?? '';
    expect(quote.trim().length).toBeGreaterThan(10);
    // The search field has the focus; typing searches, the arrows walk the results, Enter chooses.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('link-search');
    await page.keyboard.type('ajolotes');
    await page.locator(`[data-testid="link-results"] [data-source-id="${petitionId}"]`).waitFor();
    await expect.poll(() => page.getByTestId('link-results').locator('[role="option"]').count()).toBe(1);
    await expect.poll(async () => (await page.getByTestId('link-results').textContent()) ?? '').toContain('muestra');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('link-chosen').textContent()).toContain(PETITION_TITLE);

    // Sending without a rationale is refused in the dialog, and nothing chosen is lost.
    await page.getByTestId('link-submit').click();
    expect(await page.getByTestId('link-error').textContent()).toContain('razón');
    expect(await page.getByTestId('link-chosen').textContent()).toContain(PETITION_TITLE);

    await page.locator('label[for="link-relation-adapts"]').click();
    await page.getByTestId('link-rationale').fill('El artículo recoge la protección de los canales que pidió la petición.');
    await screenshot(page, 'provenance-link-dialog');
    await page.getByTestId('link-submit').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="link-dialog"]')?.hasAttribute('open'));
    await page.waitForSelector('.linked-passage');
    expect(await page.locator('.linked-passage').first().textContent()).toBe(quote);

    await page.reload();
    await waitForEditor(page);
    await page.waitForSelector('.linked-passage', { timeout: 15_000 });
    expect(await page.locator('.linked-passage').first().textContent()).toBe(quote);
    expect(await page.locator(ARTICLES).first().getAttribute('data-sources')).toBe('1');
    // The caret in the article: the margin lists its source.
    await page.locator(ARTICLES).first().locator('h4.epigrafe').click();
    const entry = page.getByTestId('prov-entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain(PETITION_TITLE);
    expect(await entry.textContent()).toContain('adapta');
    expect(await entry.textContent()).toContain('Ana Pérez');
    expect(await entry.getByTestId('prov-retire').count()).toBe(1);
    await screenshot(page, 'provenance-marked-passage');
    expect(ana.errors).toEqual([]);
  });

  it('shows the passage on the source page, escaped, for anyone', async () => {
    const page = await anonymousPage('anonymous reader');
    await page.goto(`${server.url}/sources/${encodeURIComponent(petitionId)}`);
    await page.getByTestId('source-title').waitFor();
    expect(await page.getByTestId('source-title').textContent()).toBe(PETITION_TITLE);
    expect(await page.getByTestId('source-sample-note').count()).toBe(1);
    await page.getByTestId('source-link-quote').waitFor();
    expect(await page.getByTestId('source-link-quote').textContent()).toBe(quote);
    expect(await page.getByTestId('source-link').textContent()).toContain('Ana Pérez');
    expect(await page.getByTestId('source-thresholds').locator('[data-reached="true"]').count()).toBe(3);
    // The summary's markup is text, never run.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main').textContent()).toContain('<script>');
    const href = await page.getByTestId('source-link-article').getAttribute('href');
    expect(href).toMatch(/^\/d\/cdmx\?article=/);
    await screenshot(page, 'provenance-source-page');
  });

  it('shows a citizen the link without a link button', async () => {
    const luis = await openAs(browser, server, 'citizen', 'Luis Gómez');
    opened.push(luis);
    const page = luis.page;
    await page.waitForSelector('.linked-passage', { timeout: 15_000 });
    expect(await page.locator('[data-command="linkSource"]').count()).toBe(0);
    await page.locator(ARTICLES).first().locator('h4.epigrafe').click();
    const entry = page.getByTestId('prov-entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain(PETITION_TITLE);
    expect(await entry.getByTestId('prov-retire').count()).toBe(0);
    // Mod-K does nothing for a citizen.
    await page.keyboard.press('Control+k');
    expect(await page.getByTestId('link-dialog').evaluate((d) => d.hasAttribute('open'))).toBe(false);
    await screenshot(page, 'provenance-citizen-view');
    expect(luis.errors).toEqual([]);
  });

  it('shows the auditor dashboard with the commitments report and the chart', async () => {
    const page = await anonymousPage('auditor dashboard');
    await page.goto(`${server.url}/auditor`);
    await page.getByTestId('auditor-commitments').waitFor();
    const top = page.locator('.commitment-level[data-level="3"]');
    expect(await top.getByTestId('honoured').first().textContent()).toContain(PETITION_TITLE);
    expect(await page.getByTestId('auditor-share').textContent()).toMatch(/1 de \d+ artículos/);
    const chart = page.getByTestId('signatures-chart');
    expect(await chart.locator('circle[data-linked="true"]').count()).toBeGreaterThanOrEqual(1);
    expect(await chart.locator('line[data-threshold]').count()).toBe(3);
    // The table of the chart's petitions is read when opened, a page at a time.
    await page.locator('details.chart-table summary').click();
    await expect.poll(() => page.getByTestId('chart-table').locator('tbody tr').count()).toBe(25);
    await page.getByTestId('auditor-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'provenance-auditor-dashboard');
    // The same page in English, through the language switch.
    await page.getByTestId('lang-switch').click();
    await expect.poll(async () => (await page.getByTestId('auditor-commitments').textContent()) ?? '').toContain('Commitments not yet honoured');
  });

  it('lists a heavily linked article a page at a time, and "show more" brings the rest by keyboard', async () => {
    const reader = await openAs(browser, server, 'citizen', 'Marta Ruiz');
    opened.push(reader);
    const page = reader.page;
    const uid = await articleUid(page, 2);
    const member = await server.carta.store.ensureUser({ id: 'e2e-many-links', name: 'Rosa Linares', role: 'member' }, Date.now());
    for (let i = 0; i < 60; i++) {
      await server.carta.store.links.createLink(
        { docId: 'cdmx', articleUid: uid, sourceId: petitionId, relation: 'responds_to', rationale: `Respuesta ${i + 1}`, anchor: null, replaces: null },
        member.id,
        Date.now(),
      );
    }
    await page.locator(ARTICLES).nth(1).locator('h4.epigrafe').click();
    await expect.poll(() => page.getByTestId('prov-entry').count(), { timeout: 10_000 }).toBe(50);
    const more = page.getByTestId('prov-more');
    expect(await more.textContent()).toContain('quedan 10');
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('prov-entry').count()).toBe(60);
    expect(await page.getByTestId('prov-more').count()).toBe(0);
    // Focus lands on the first entry that was not there before, so a keyboard user reads on from it.
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Respuesta 51');
    expect(reader.errors).toEqual([]);
  });

  it('shows others a new link at once, keeps it marked through a move, and refuses it twice', async () => {
    const carla = await openAs(browser, server, 'member', 'Carla Núñez');
    const dora = await openAs(browser, server, 'citizen', 'Dora Vega');
    opened.push(carla, dora);
    const page = carla.page;
    // Dora's window never regains the focus: only the server's notice can bring her the new mark.
    await dora.page.evaluate(() => {
      const counter = window as unknown as { focusEvents: number };
      counter.focusEvents = 0;
      window.addEventListener('focus', () => counter.focusEvents++);
    });
    const editorHasFocus = (): Promise<boolean> => page.evaluate(() => document.activeElement?.closest('[data-testid="editor"]') !== null);
    const dialogOpen = (): Promise<boolean> => page.getByTestId('link-dialog').evaluate((d) => d.hasAttribute('open'));

    await selectFirstWords(page, 3, 5);
    await page.keyboard.press('Control+k');
    await page.getByTestId('link-dialog').waitFor();
    const passage = (await page.getByTestId('link-quote').textContent()) ?? '';
    expect(passage.trim().length).toBeGreaterThan(5);
    // One Escape closes the dialog even with text in the search field, and the editor has the focus back.
    await page.keyboard.type('ajolotes');
    await page.keyboard.press('Escape');
    await expect.poll(dialogOpen).toBe(false);
    expect(await editorHasFocus()).toBe(true);

    const link = async (): Promise<void> => {
      await page.keyboard.press('Control+k');
      await expect.poll(dialogOpen).toBe(true);
      // The search kept "ajolotes": wait for its answer (an earlier one would reset the choice).
      await expect.poll(() => page.getByTestId('link-results').locator('[role="option"]').count()).toBe(1);
      await page.locator(`[data-testid="link-results"] [data-source-id="${petitionId}"]`).waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByTestId('link-rationale').fill('El artículo responde a la petición.');
      await page.getByTestId('link-submit').click();
    };
    await link();
    // Closed, with no refusal shown (the refusal would say why).
    await expect.poll(async () => ((await dialogOpen()) ? ((await page.getByTestId('link-error').textContent()) ?? 'open') : 'closed')).toBe('closed');
    const doraMark = dora.page.locator(ARTICLES).nth(2).locator('mark.linked-passage');
    await doraMark.waitFor({ timeout: 10_000 });
    expect(await doraMark.textContent()).toBe(passage);
    expect(await dora.page.evaluate(() => (window as unknown as { focusEvents: number }).focusEvents)).toBe(0);
    // Announced by screen readers as marked text with a description; the badge counts the source.
    expect(await doraMark.getAttribute('aria-description')).toContain('Pasaje vinculado');
    expect(await dora.page.locator(ARTICLES).nth(2).getAttribute('data-sources-label')).toBe('1 fuente');

    // The same link again: the dialog says why and keeps what was typed.
    await link();
    await expect.poll(async () => (await page.getByTestId('link-error').textContent()) ?? '').toContain('ya está vinculado');
    expect(await dialogOpen()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(dialogOpen).toBe(false);

    // Moving the article (a delete plus a re-insert in Yjs) keeps the passage marked, for both.
    const uid = await articleUid(page, 3);
    const article = (p: Page) => p.locator(`${ARTICLES}[data-uid="${uid}"]`);
    const container = (p: Page): Promise<string | null> => article(p).evaluate((a) => a.parentElement?.closest('[data-uid]')?.getAttribute('data-uid') ?? null);
    const before = await container(page);
    await article(page).locator('h4.epigrafe').click();
    await page.keyboard.press('Alt+Shift+ArrowDown');
    // It moved: down one place, into the next título or capítulo when it was the last of its own.
    await expect.poll(async () => (await articleUid(page, 4)) === uid || (await container(page)) !== before).toBe(true);
    for (const person of [carla, dora]) {
      const moved = article(person.page).locator('mark.linked-passage[data-relocated="true"]');
      await moved.waitFor({ timeout: 10_000 });
      expect(await moved.textContent()).toBe(passage);
    }
    await article(dora.page).locator('mark.linked-passage').scrollIntoViewIfNeeded();
    await screenshot(dora.page, 'provenance-relocated-mark');

    // In English, the panel names the article in English.
    await page.getByTestId('lang-switch').click();
    await article(page).locator('h4.epigrafe').click();
    await expect.poll(async () => (await page.getByTestId('prov-title').textContent()) ?? '').toMatch(/^Provenance of Article \d+$/);
    // The panel says the passage was found again where it stood, and a member may re-anchor it.
    const entry = page.getByTestId('prov-entry').filter({ has: page.getByTestId('prov-relocated') });
    await entry.waitFor();
    expect(await entry.getByTestId('prov-relocated').textContent()).toContain('found again where it stood');
    expect(await entry.getByTestId('prov-reanchor').count()).toBe(1);
    expect(carla.errors).toEqual([]);
    expect(dora.errors).toEqual([]);
  });
});
