/**
 * The public reading room in Chromium: it reads with JavaScript turned off (the page asks for no
 * script, and its styles pass the Content-Security-Policy), each article shows its comment and
 * support counts, the table of contents jumps to an article, nothing scrolls sideways on a 375 px
 * phone, and the print view drops the navigation and the counts but keeps the article numbers; the
 * editor's header, the history page and the version reader link to it. Screenshots land in
 * test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { type OpenedPage, watch } from './support/pages.ts';
import { restCall, tokenFor } from './support/rest.ts';

const session = browserSession();
let namedSeq = 0;

const call = (method: string, path: string, token: string, body: unknown, status: number): Promise<unknown> => restCall(session.server, method, path, token, body, status);

const tokenOf = (role: 'member' | 'citizen', name: string): Promise<string> => tokenFor(session.server, role, name);

beforeAll(async () => {
  const member = await tokenOf('member', 'Redactora');
  const named = (await call('POST', '/api/documents/cdmx/versions', member, { name: 'Proyecto de Constitución', note: 'Presentado a la Asamblea Constituyente.' }, 201)) as { seq: number };
  namedSeq = named.seq;
  // Article 13: one citizen comments and supports it, another opposes it.
  const outline = (await (await fetch(`${session.server.url}/api/documents/cdmx/articles`, { headers: { authorization: `Bearer ${member}` } })).json()) as Array<{ uid: string }>;
  const article13 = outline[12]?.uid ?? '';
  const [lucia, pedro] = [await tokenOf('citizen', 'Lucía Ciudadana'), await tokenOf('citizen', 'Pedro Ciudadano')];
  await call('POST', '/api/documents/cdmx/comments', lucia, { articleUid: article13, body: 'El derecho al agua debe ser exigible.' }, 201);
  await call('PUT', `/api/documents/cdmx/articles/${article13}/stance`, lucia, { stance: 'support' }, 200);
  await call('PUT', `/api/documents/cdmx/articles/${article13}/stance`, pedro, { stance: 'oppose' }, 200);
});

/** An anonymous reader with JavaScript turned off, and every script the page asked for. */
async function reader(name: string, viewport: { width: number; height: number }): Promise<OpenedPage & { scripts: string[] }> {
  const context = await session.browser.newContext({ viewport, javaScriptEnabled: false });
  const page = await context.newPage();
  const opened = watch(page, context, name);
  session.adopt(opened);
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  return { ...opened, scripts };
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe('the reading room in a browser', () => {
  it('shows the published text with JavaScript turned off, and its contents jump to an article', async () => {
    const { page, console: messages, scripts } = await reader('reader without script', { width: 1440, height: 900 });
    const response = await page.goto(`${session.server.url}/read/cdmx`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Constitución Política de la Ciudad de México');
    expect(await page.locator('.rr-text section.articulo').count()).toBe(71);
    await expect(page.locator('#articulo-1').innerText()).resolves.toBe('Artículo 1. De la Ciudad de México');
    // The stylesheet applied (the Content-Security-Policy let it in): the text is set in the serif.
    expect(await page.locator('.rr-text').evaluate((el) => getComputedStyle(el).fontFamily)).toContain('Serif');
    expect(scripts).toEqual([]);
    expect(messages.filter((m) => m.startsWith('error'))).toEqual([]);
    // Each article's participation, read without script; comment text never reaches this page.
    const counts = page.locator('section.articulo:has(#articulo-13) .rr-counts');
    await expect(counts.innerText()).resolves.toBe('Participación ciudadana: 1 comentario · 1 a favor · 1 en contra');
    await expect(page.locator('section.articulo:has(#articulo-12) .rr-counts').innerText()).resolves.toBe('Participación ciudadana: 0 comentarios · 0 a favor · 0 en contra');
    expect(await page.content()).not.toContain('debe ser exigible');

    await page.locator('.rr-toc a[href="#articulo-13"]').click();
    await page.waitForURL(/#articulo-13$/);
    const top = await page.locator('#articulo-13').evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(200);
    await screenshot(page, 'reading-room-wide');
  });

  it('fits a 375 px phone: nothing scrolls sideways, the language switch included', async () => {
    const { page } = await reader('reader on a phone', { width: 375, height: 740 });
    await page.goto(`${session.server.url}/read/cdmx`);
    expect(await sidewaysOverflow(page)).toBe(0);
    const switcher = await page.locator('.rr-lang').boundingBox();
    expect((switcher?.x ?? 0) + (switcher?.width ?? 0)).toBeLessThanOrEqual(375);
    // Deep in the text too: long apartados and numbered blocks stay inside the window.
    await page.goto(`${session.server.url}/read/cdmx#articulo-13`);
    expect(await sidewaysOverflow(page)).toBe(0);
    await screenshot(page, 'reading-room-phone');
    await page.goto(`${session.server.url}/read/cdmx?lang=en`);
    expect(await sidewaysOverflow(page)).toBe(0);
  });

  it('prints the text alone: no navigation, contents, versions or counts, article numbers kept', async () => {
    const { page } = await reader('reader printing', { width: 900, height: 1200 });
    await page.goto(`${session.server.url}/read/cdmx`);
    await expect(page.locator('.rr-header').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'print' });
    for (const chrome of ['.rr-header', '.rr-nav', '.rr-toc', '.rr-versions', '.rr-lang', '.rr-responses']) {
      await expect(page.locator(chrome).first().isHidden(), chrome).resolves.toBe(true);
    }
    await expect(page.locator('#articulo-71 .rr-num').isVisible()).resolves.toBe(true);
    await expect(page.locator('#articulo-71 .rr-num').textContent()).resolves.toBe('Artículo 71.');
    expect(await page.locator('#articulo-13').evaluate((el) => getComputedStyle(el).breakAfter)).toBe('avoid');
    await screenshot(page, 'reading-room-print');
  });

  it('is one click from the editor header, in the editor’s language', async () => {
    const page = await session.member('Redactora en el editor');
    const link = page.getByTestId('reading-room-link');
    await expect(link.getAttribute('href')).resolves.toBe('/read/cdmx');
    await page.getByTestId('lang-switch').click();
    await expect(link.getAttribute('href')).resolves.toBe('/read/cdmx?lang=en');
    await link.click();
    await page.waitForURL(/\/read\/cdmx\?lang=en$/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('.rr-text section.articulo').count()).resolves.toBe(71);
  });

  it('is linked from the history page (the room and each named version) and from a named version’s reader', async () => {
    const page = await session.member('Redactora en el historial');
    await page.getByTestId('history-link').click();
    await page.getByTestId('named-version').first().waitFor();
    await expect(page.getByTestId('history-reading-room').getAttribute('href')).resolves.toBe('/read/cdmx');
    const toRoom = page.getByTestId('named-version-reading-room').first();
    await expect(toRoom.getAttribute('href')).resolves.toBe(`/read/cdmx/v/${namedSeq}`);
    await expect(toRoom.getAttribute('aria-label')).resolves.toBe('La versión «Proyecto de Constitución» en la sala de lectura pública');

    await page.getByTestId('read-named-version').first().click();
    const fromReader = page.getByTestId('version-reading-room');
    await expect(fromReader.getAttribute('href')).resolves.toBe(`/read/cdmx/v/${namedSeq}`);
    await fromReader.click();
    await page.waitForURL(new RegExp(`/read/cdmx/v/${namedSeq}$`));
    await expect(page.locator('.rr-text section.articulo').count()).resolves.toBe(71);
  });
});
