/**
 * Reading a version in the browser: a member names a version, then adds words to article 1; the
 * reader of the named version shows the text as it was (not the later words), numbered exactly as
 * the editor numbers it, and cannot be changed; its outline leads to an article's anchor. Back on
 * the history page, the article's history lists the member's change, and comparing it shows their
 * words. Addresses that name no version, and a browser that is not signed in, get a page that says
 * so. Screenshots land in test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { colorForUser } from '../../shared/auth/user-colors.ts';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { ARTICLES, caretAtEndOfEpigrafe, epigrafeText } from './support/pages.ts';

const session = browserSession();

const READER = '[data-testid="version-text"]';
const ADDED = ' y de la paz';

/** Every derived number shown in a text (articles, apartados, fracciones, transitorios…), in order. */
function numbersIn(page: Page, text: string): Promise<string[]> {
  return page.locator(`${text} [data-num], ${text} [data-lead]`).evaluateAll((elements) => elements.map((e) => `${e.getAttribute('data-lead') ?? ''}|${e.getAttribute('data-num') ?? ''}`));
}

describe('the version reader', () => {
  it('shows a named version as it was, numbered as in the editor and read-only, and the article history shows the later change', async () => {
    const rosa = await session.member('Rosa Lectora');
    const numbersInEditor = await numbersIn(rosa, '[data-testid="editor"]');
    expect(numbersInEditor.length).toBeGreaterThan(71);
    const headingThen = await epigrafeText(rosa, 1);

    // Rosa names the text as it is now…
    await rosa.getByTestId('history-link').click();
    await rosa.getByTestId('version-name').fill('Texto antes de la enmienda');
    await rosa.getByTestId('version-save').click();
    await expect.poll(() => rosa.getByTestId('named-version').allInnerTexts()).toEqual([expect.stringContaining('Texto antes de la enmienda')]);

    // …then adds words to the epígrafe of article 1.
    await rosa.getByTestId('back-to-document').click();
    await rosa.locator(ARTICLES).nth(70).waitFor();
    await caretAtEndOfEpigrafe(rosa, 1);
    await rosa.keyboard.type(ADDED);
    await expect.poll(() => epigrafeText(rosa, 1)).toBe(`${headingThen}${ADDED}`);
    await expect.poll(() => rosa.getByTestId('unsent-count').isVisible().catch(() => false), { timeout: 10_000 }).toBe(false);

    // The history page links each named version and each day with changes to its reader.
    await rosa.getByTestId('history-link').click();
    const readNamed = rosa.getByTestId('read-named-version');
    await readNamed.waitFor();
    expect(await readNamed.getAttribute('aria-label')).toBe('Leer la versión «Texto antes de la enmienda»');
    expect(await readNamed.getAttribute('href')).toMatch(/^\/d\/cdmx\/history\/\d+$/);
    await rosa.getByTestId('change-days').locator('summary').click();
    expect(await rosa.getByTestId('read-day').count()).toBeGreaterThan(0);
    expect(await rosa.getByTestId('read-day').first().getAttribute('href')).toMatch(/^\/d\/cdmx\/history\/\d+$/);
    await readNamed.click();

    // The reader: the version's text, without Rosa's later words.
    const reader = rosa.locator(READER);
    await reader.waitFor();
    const banner = rosa.getByTestId('version-banner');
    expect(await banner.locator('h1').innerText()).toBe('Versión «Texto antes de la enmienda»');
    expect(await rosa.getByTestId('version-read-only').innerText()).toMatch(/^Solo lectura\./);
    // The date is inside the sentence: a time such as "4:54 p.m." is never followed by a second period.
    expect(await rosa.getByTestId('version-when').innerText()).toMatch(/^Versión con nombre, guardada el .+ \(el texto en la posición \d+ del registro\)\.$/);
    expect(await rosa.getByTestId('version-when').innerText()).not.toContain('..');
    expect(await rosa.getByTestId('back-to-history').getAttribute('href')).toBe('/d/cdmx/history');
    expect(await rosa.getByTestId('to-current-draft').getAttribute('href')).toBe('/');
    const firstHeading = reader.locator('section.articulo').first().locator('h4.epigrafe');
    expect(await firstHeading.innerText()).toBe(headingThen);
    expect(await reader.innerText()).not.toContain(ADDED.trim());

    // Numbered exactly as the editor numbers it, printed by the editor's styles.
    expect(await numbersIn(rosa, READER)).toEqual(numbersInEditor);
    expect(await firstHeading.getAttribute('data-num')).toBe('Artículo 1.');
    expect(await firstHeading.evaluate((e) => getComputedStyle(e, '::before').content)).toContain('Artículo 1.');
    expect(await reader.getAttribute('class')).toContain('legal-document');
    await screenshot(rosa, 'version-reader');

    // Read-only: not editable, and typing into it changes nothing.
    expect(await reader.getAttribute('contenteditable')).toBe('false');
    const textBefore = await reader.evaluate((e) => e.textContent);
    await firstHeading.click();
    await rosa.keyboard.press('End');
    await rosa.keyboard.type('XYZ');
    await rosa.keyboard.press('Backspace');
    await rosa.keyboard.press('Enter');
    expect(await reader.evaluate((e) => e.textContent)).toBe(textBefore);
    expect(await firstHeading.innerText()).toBe(headingThen);

    // The outline leads to an article's anchor in the text, by keyboard.
    const toThirteen = rosa.getByTestId('outline').locator('a', { hasText: /^Artículo 13\./ });
    const anchor = await toThirteen.getAttribute('href');
    expect(anchor).toMatch(/^#(\w+__)*art_13$/);
    await toThirteen.focus();
    await rosa.keyboard.press('Enter');
    await expect.poll(() => rosa.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('version-text');
    expect(new URL(rosa.url()).hash).toBe(anchor);
    const thirteen = reader.locator(`[id="${(anchor ?? '').slice(1)}"]`);
    expect(await thirteen.locator('h4.epigrafe').getAttribute('data-num')).toBe('Artículo 13.');
    await expect.poll(() => thirteen.evaluate((e) => Math.round(e.getBoundingClientRect().top))).toBeLessThan(300);

    // In English too.
    await rosa.getByTestId('lang-switch').click();
    await expect.poll(() => banner.locator('h1').innerText()).toBe('Version “Texto antes de la enmienda”');
    expect(await reader.getAttribute('aria-label')).toBe('Text of Version “Texto antes de la enmienda”, read-only');
    await rosa.getByTestId('lang-switch').click();

    // Back in the history: article 1's history lists Rosa's change, in her colour…
    await rosa.getByTestId('back-to-history').click();
    const one = await rosa.getByTestId('blame-article').locator('option', { hasText: /^Artículo 1\./ }).getAttribute('value');
    await rosa.getByTestId('blame-article').selectOption(one ?? '');
    await rosa.getByTestId('blame-show').click();
    await rosa.getByTestId('article-history').waitFor();
    const rosaChange = rosa.getByTestId('article-change').filter({ hasText: 'Rosa Lectora' });
    expect(await rosaChange.count()).toBe(1);
    expect(await rosaChange.getByTestId('article-change-counts').innerText()).toBe(`Caracteres añadidos: ${ADDED.length}; eliminados: 0`);
    const userId = await rosaChange.getAttribute('data-user');
    expect(await rosaChange.locator('.history-swatch').getAttribute('style')).toBe(`background:${colorForUser(userId ?? '')}`);
    // The seeded text is the article's first change.
    expect(await rosa.getByTestId('article-change').count()).toBeGreaterThan(1);

    await rosaChange.scrollIntoViewIfNeeded();
    await screenshot(rosa, 'article-history');

    // …and comparing it shows her words in the changes section.
    await rosaChange.getByTestId('article-change-compare').click();
    const inserted = rosa.getByTestId('history-ins').filter({ hasText: 'paz' });
    await inserted.waitFor();
    expect(await inserted.getAttribute('title')).toBe('Añadido por Rosa Lectora');
    expect(await rosa.getByTestId('history-changes').innerText()).toContain('Artículo 1');
    await expect.poll(() => rosa.evaluate(() => document.activeElement?.id)).toBe('history-changes');
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });

  it('says so when an address names no version, no document, or nobody is signed in, and fits a phone', async () => {
    const tomas = await session.member('Tomás Direcciones');
    for (const path of ['/d/cdmx/history/99999999', '/d/cdmx/history/cero']) {
      await tomas.goto(`${session.server.url}${path}`);
      await tomas.getByTestId('page-message').waitFor();
      expect(await tomas.locator('h1').innerText()).toBe('Esta versión no existe');
      expect(await tomas.getByTestId('history-link').getAttribute('href')).toBe('/d/cdmx/history');
    }
    // No such document, for a version or for the whole history: the editor's friendly page, in words.
    for (const path of ['/d/no-existe/history/1', '/d/no-existe/history']) {
      await tomas.goto(`${session.server.url}${path}`);
      await tomas.getByTestId('page-message').waitFor();
      expect(await tomas.locator('h1').innerText(), path).toBe('Este documento no existe');
      expect(await tomas.getByTestId('page-message').innerText(), path).not.toMatch(/not found/i);
    }

    // On a phone the outline sits above the text and nothing scrolls sideways.
    const phone = await session.member('Teléfono Lector', { width: 390, height: 844 });
    // Position 2 is Rosa's first keystrokes (position 1, the seeded text, has her version's name).
    await phone.goto(`${session.server.url}/d/cdmx/history/2`);
    await phone.locator(READER).waitFor();
    expect(await phone.getByTestId('version-when').innerText()).toMatch(/^El texto tal como estaba el .+ \(posición 2 del registro\)\.$/);
    expect(await phone.getByTestId('version-when').innerText()).not.toContain('..');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    const [outlineBox, textBox] = [await phone.getByTestId('outline').boundingBox(), await phone.locator(READER).boundingBox()];
    expect((outlineBox?.y ?? 0) + (outlineBox?.height ?? 0)).toBeLessThanOrEqual(textBox?.y ?? 0);
    await screenshot(phone, 'version-reader-phone');

    const stranger = await session.browser.newContext();
    try {
      const page = await stranger.newPage();
      await page.goto(`${session.server.url}/d/cdmx/history/1`);
      await page.getByTestId('sign-in').waitFor();
      expect(await page.getByTestId('version-text').count()).toBe(0);
    } finally {
      await stranger.close();
    }
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });
});
