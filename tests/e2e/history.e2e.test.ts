/**
 * History in the browser: a member names a version from the history page, edits the constitution,
 * and a citizen opens the history, picks the named version and the current text, and sees the
 * changelog with the member's words coloured as theirs; the audit log's head is at the foot.
 * Screenshots land in test-artifacts/.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { caretAtEndOfEpigrafe, epigrafeText } from './support/pages.ts';

const session = browserSession();

describe('the history page', () => {
  it('lets a member name a version, and shows a citizen the coloured changes and the changelog', async () => {
    const ana = await session.member('Ana Historia');
    // The header links to the history of this document.
    await ana.getByTestId('history-link').click();
    await ana.getByTestId('version-name').waitFor();
    await ana.getByTestId('version-name').fill('Proyecto presentado a la Asamblea, 15 sep 2016');
    await ana.getByTestId('version-note').fill('Primera lectura');
    await ana.getByTestId('version-save').click();
    await expect.poll(() => ana.getByTestId('named-version').allInnerTexts()).toEqual([expect.stringContaining('Proyecto presentado a la Asamblea')]);

    // Back to the text: Ana adds words to the epígrafe of article 13.
    await ana.getByTestId('back-to-document').click();
    await ana.locator('[data-testid="editor"] section.articulo').nth(70).waitFor();
    await caretAtEndOfEpigrafe(ana, 13);
    await ana.keyboard.type(' y de la memoria');
    await expect.poll(() => epigrafeText(ana, 13)).toContain('y de la memoria');
    await expect.poll(() => ana.getByTestId('unsent-count').isVisible().catch(() => false), { timeout: 10_000 }).toBe(false);

    // A citizen opens the history and compares the named version with the current text.
    const luz = await session.open('citizen', 'Luz Lectora');
    await luz.page.goto(`${session.server.url}/d/cdmx/history`);
    await luz.page.getByTestId('compare-from').waitFor();
    expect(await luz.page.getByTestId('version-name').count()).toBe(0);
    const fromLabel = await luz.page.getByTestId('compare-from').locator('option', { hasText: 'Proyecto presentado' }).innerText();
    await luz.page.getByTestId('compare-from').selectOption({ label: fromLabel });
    await luz.page.getByTestId('compare').click();
    const inserted = luz.page.getByTestId('history-ins').first();
    await inserted.waitFor();
    expect(await inserted.innerText()).toContain('y de la memoria');
    expect(await inserted.getAttribute('title')).toBe('Añadido por Ana Historia');
    expect(await inserted.getAttribute('style')).toMatch(/--person-color:#[0-9a-f]{6}/);
    expect(await luz.page.getByTestId('history-changes').innerText()).toContain('Artículo 13');
    await expect.poll(() => luz.page.getByTestId('audit-head-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(luz.page, 'history-diff');

    // Blame: who wrote each passage of article 13 now.
    const thirteen = await luz.page.getByTestId('blame-article').locator('option', { hasText: /^Artículo 13\./ }).getAttribute('value');
    await luz.page.getByTestId('blame-article').selectOption(thirteen ?? '');
    await luz.page.getByTestId('blame-show').click();
    const anaRun = luz.page.getByTestId('blame-run').filter({ hasText: 'y de la memoria' });
    await anaRun.waitFor();
    expect(await anaRun.getAttribute('title')).toMatch(/^Escrito por Ana Historia/);

    // In English too, one click away.
    await luz.page.getByTestId('lang-switch').click();
    await expect.poll(() => luz.page.getByTestId('history-changes').isVisible()).toBe(true);
    expect(await luz.page.locator('h1').innerText()).toBe('Document history');
    // A citizen does not get the audit log browser; an auditor does, with Ana's version in it.
    expect(await luz.page.getByTestId('audit-log').count()).toBe(0);
    const olga = await session.open('auditor', 'Olga Auditora');
    await olga.page.goto(`${session.server.url}/d/cdmx/history`);
    await olga.page.getByTestId('audit-log').waitFor();
    const created = olga.page.locator('[data-testid="audit-event"][data-action="version.create"]');
    expect(await created.innerText()).toContain('Ana Historia');
    expect(await olga.page.locator('[data-testid="audit-event"][data-action="update"]').count()).toBeGreaterThan(0);
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });
});
