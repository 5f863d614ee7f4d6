/**
 * A deletion that takes more than three whole artículos asks first, whichever key does it
 * (Backspace, Ctrl+X); a smaller one does not; the other member only ever sees the confirmed
 * result. And a structural shortcut that cannot apply where the caret is says so.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { ARTICLES, articleHeadings, caretAtEndOfEpigrafe } from './support/pages.ts';

const session = browserSession();

const member = (name: string): Promise<Page> => session.member(name);

/** Selects from the end of article `from`'s epígrafe into article `to`'s (1-based), with a Shift+click. */
async function selectBetweenArticles(page: Page, from: number, to: number): Promise<void> {
  await caretAtEndOfEpigrafe(page, from);
  const target = page.locator(ARTICLES).nth(to - 1).locator('h4.epigrafe');
  await target.scrollIntoViewIfNeeded();
  await target.click({ modifiers: ['Shift'] });
}

function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

describe('deleting a large part of the document', () => {
  it('says so when a structural shortcut cannot apply where the caret is', async () => {
    // (First: the next test deletes articles, and pages wait for all 71 to load.)
    const carla = await member('Carla Atajo');
    // The first article has nowhere to move up to.
    await caretAtEndOfEpigrafe(carla, 1);
    await carla.keyboard.press('Alt+Shift+ArrowUp');
    await expect.poll(() => carla.getByTestId('status-message').innerText()).toBe('Esa acción no es posible en este lugar del documento.');
  });

  it('asks before deleting more than three whole artículos, and deletes only on "Borrar"', async () => {
    const ana = await member('Ana Borra');
    const beto = await member('Beto Mira');
    const before = await articleHeadings(ana);
    expect(before).toHaveLength(71);

    // From inside article 3 to inside article 8: articles 4 to 7 (four) would go whole.
    await selectBetweenArticles(ana, 3, 8);
    await ana.keyboard.press('Backspace');
    const dialog = ana.getByTestId('confirm-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('h2').innerText()).toBe('¿Borrar 4 artículos completos?');
    expect(await dialog.getAttribute('role')).toBe('alertdialog');
    expect(await focusedTestId(ana)).toBe('confirm-cancel');
    expect(await ana.getByTestId('confirm-quote').isVisible()).toBe(false);
    await screenshot(ana, 'large-delete-confirm');

    // Escape: nothing is deleted, here or for Beto, and the focus is back in the text.
    await ana.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focusedTestId(ana)).toBe('editor');
    await ana.waitForTimeout(300);
    expect(await articleHeadings(ana)).toEqual(before);
    expect(await articleHeadings(beto)).toEqual(before);

    // Cutting the same selection asks too; "Borrar" deletes it for everybody.
    await ana.keyboard.press('Control+x');
    await dialog.waitFor({ state: 'visible' });
    await ana.getByTestId('confirm-proceed').click();
    await expect.poll(() => ana.locator(ARTICLES).count()).toBe(67);
    await expect.poll(() => beto.locator(ARTICLES).count(), { timeout: 10_000 }).toBe(67);
    // Articles 4 to 7 are gone; what was left of article 8 (after the Shift+click) follows article 3.
    const after = await articleHeadings(beto);
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(after.slice(4)).toEqual(before.slice(8));
    for (const heading of before.slice(3, 7)) expect(after).not.toContain(heading);

    // Three whole articles go without a question.
    await selectBetweenArticles(ana, 3, 7);
    await ana.keyboard.press('Delete');
    await expect.poll(() => ana.locator(ARTICLES).count()).toBe(64);
    expect(await dialog.isVisible()).toBe(false);
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });

});
