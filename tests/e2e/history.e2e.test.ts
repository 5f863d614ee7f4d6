/**
 * History in the browser: a member names a version from the history page (told that it will be
 * public in the reading room; a name of spaces alone is refused beside the form), edits the
 * constitution, and a citizen opens the history, picks the named version and the current text,
 * and sees the changelog with the member's words coloured as theirs and each block named by its
 * place; the comparison is in the address and survives a reload; blame has a legend of people and
 * characters; the audit log's head is at the foot. The member restores the article (offered once),
 * a refused save or restore is told beside its form in words, a very long version name stays
 * within the page, and an unknown document's history gets the friendly page.
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
    // The form says that a named version is public, and links to the reading room.
    expect(await ana.getByTestId('version-public-note').innerText()).toContain('sala de lectura pública');
    expect(await ana.getByTestId('version-public-link').getAttribute('href')).toBe('/read/cdmx');
    expect(await ana.getByTestId('version-name').getAttribute('aria-describedby')).toContain('version-public-note');
    // A name of spaces alone is refused before anything is sent, beside the form, and the field says so.
    await ana.getByTestId('version-name').fill('   ');
    await ana.getByTestId('version-save').click();
    await expect.poll(() => ana.getByTestId('version-name-error').innerText()).toBe('Escribe un nombre para la versión (solo espacios no cuenta).');
    expect(await ana.getByTestId('version-name-error').getAttribute('role')).toBe('alert');
    expect(await ana.getByTestId('version-name').getAttribute('aria-invalid')).toBe('true');
    expect(await ana.evaluate(() => document.activeElement?.id)).toBe('version-name');
    expect(await ana.getByTestId('named-version').count()).toBe(0);
    await ana.getByTestId('version-name').fill('Proyecto presentado a la Asamblea, 15 sep 2016');
    await ana.getByTestId('version-note').fill('Primera lectura');
    await ana.getByTestId('version-save').click();
    await expect.poll(() => ana.getByTestId('named-version').allInnerTexts()).toEqual([expect.stringContaining('Proyecto presentado a la Asamblea')]);
    expect(await ana.getByTestId('version-name-error').innerText()).toBe('');

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
    // Each block is named by its place; a citizen is offered no restore.
    expect(await luz.page.getByTestId('block-place').allInnerTexts()).toContain('Artículo 13 · epígrafe — modificado');
    expect(await luz.page.getByTestId('restore-article').count()).toBe(0);
    await expect.poll(() => luz.page.getByTestId('audit-head-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
    // Counts are worded for their number: never "(1 cambios)" or "1 eventos".
    expect(await luz.page.locator('body').innerText()).not.toMatch(/\b1 (cambios|eventos|caracteres)\b/);
    await screenshot(luz.page, 'history-diff');

    // The comparison is in the address: a reload (or the shared link) shows it again.
    const compared = new URL(luz.page.url());
    expect(compared.searchParams.get('from')).toMatch(/^\d+$/);
    expect(compared.searchParams.get('to')).toMatch(/^\d+$/);
    const heading = await luz.page.locator('#history-changes-title').innerText();
    await luz.page.reload();
    await luz.page.getByTestId('history-ins').first().waitFor();
    expect(await luz.page.locator('#history-changes-title').innerText()).toBe(heading);
    expect(await luz.page.getByTestId('compare-from').inputValue()).toBe(compared.searchParams.get('from'));

    // Blame: who wrote each passage of article 13 now.
    const thirteen = await luz.page.getByTestId('blame-article').locator('option', { hasText: /^Artículo 13\./ }).getAttribute('value');
    await luz.page.getByTestId('blame-article').selectOption(thirteen ?? '');
    await luz.page.getByTestId('blame-show').click();
    const anaRun = luz.page.getByTestId('blame-run').filter({ hasText: 'y de la memoria' });
    await anaRun.waitFor();
    expect(await anaRun.getAttribute('title')).toMatch(/^Escrito por Ana Historia/);
    // The legend names each person with their colour and how much they wrote, without hovering.
    const anaLegend = luz.page.getByTestId('blame-legend-entry').filter({ hasText: 'Ana Historia' });
    expect((await anaLegend.innerText()).trim()).toBe(`Ana Historia · ${' y de la memoria'.length} caracteres`);
    expect(await anaLegend.locator('.history-swatch').getAttribute('style')).toMatch(/^background:#[0-9a-f]{6}$/);

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

    // Ana compares too: restoring article 13 is offered once, and brings it back as it was.
    await ana.goto(`${session.server.url}/d/cdmx/history`);
    await ana.getByTestId('compare-from').selectOption({ label: fromLabel });
    await ana.getByTestId('compare').click();
    await ana.getByTestId('history-ins').first().waitFor();
    const restore = ana.getByTestId('restore-article');
    expect(await restore.allInnerTexts()).toEqual(['Restaurar Artículo 13 como estaba en «Desde»']);
    await restore.click();
    await ana.getByTestId('confirm-proceed').click();
    await expect.poll(() => ana.getByTestId('restore-article').count()).toBe(0);
    await expect.poll(() => ana.getByTestId('history-changes').innerText()).not.toContain('y de la memoria');
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });

  it('tells a refused save or restore beside its form in words, keeps long names within the page, and says when a document does not exist', async () => {
    const bea = await session.member('Bea Errores');
    // Something to compare and restore: Bea adds words to article 13's epígrafe.
    await bea.locator('[data-testid="editor"] section.articulo').nth(70).waitFor();
    await caretAtEndOfEpigrafe(bea, 13);
    await bea.keyboard.type(' y de la verdad');
    await expect.poll(() => epigrafeText(bea, 13)).toContain('y de la verdad');
    await expect.poll(() => bea.getByTestId('unsent-count').isVisible().catch(() => false), { timeout: 10_000 }).toBe(false);
    await bea.goto(`${session.server.url}/d/cdmx/history`);
    await bea.getByTestId('version-name').waitFor();

    // The server refuses the name (as it would a name it cannot take): the form says why, in Spanish.
    await bea.route('**/api/documents/cdmx/versions', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'invalid-body', message: 'name: a name is required' }) }) : route.fallback(),
    );
    await bea.getByTestId('version-name').fill('  Texto con espacios  ');
    await bea.getByTestId('version-save').click();
    const nameError = bea.getByTestId('version-name-error');
    await expect.poll(() => nameError.innerText()).toBe('No se guardó la versión. El nombre es obligatorio y tiene como mucho 200 caracteres; la nota, como mucho 5000.');
    expect(await bea.locator('body').innerText()).not.toContain('a name is required');
    // What was typed is still there, and switching the language rewords the error.
    expect(await bea.getByTestId('version-name').inputValue()).toBe('  Texto con espacios  ');
    await bea.getByTestId('lang-switch').click();
    await expect.poll(() => nameError.innerText()).toBe('The version was not saved. A name is required, of at most 200 characters; the note may have at most 5,000.');
    await bea.getByTestId('lang-switch').click();
    await bea.unroute('**/api/documents/cdmx/versions');

    // A very long name: the compare selects stay within the page, and the name is whole in the option.
    const long = `Versión ${'muy larga '.repeat(19)}`.slice(0, 200);
    await bea.getByTestId('version-name').fill(long);
    await bea.getByTestId('version-save').click();
    await expect.poll(() => bea.getByTestId('named-version').filter({ hasText: 'Versión muy larga' }).count()).toBe(1);
    expect(await bea.getByTestId('version-name').inputValue()).toBe('');
    const viewport = bea.viewportSize()?.width ?? 0;
    for (const id of ['compare-from', 'compare-to']) {
      const box = await bea.getByTestId(id).boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0), id).toBeLessThanOrEqual(viewport);
    }
    expect(await bea.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await bea.getByTestId('compare-from').locator('option', { hasText: 'Versión muy larga' }).innerText()).toContain(long.trim());

    // A restore the server refuses is told beside its button.
    await bea.getByTestId('compare-from').selectOption({ index: 0 });
    await bea.getByTestId('compare').click();
    const restore = bea.getByTestId('restore-article').first();
    await restore.waitFor();
    await bea.route('**/api/documents/cdmx/restore', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: 'nothing-to-restore', message: 'The text is already as it was in that version' }) }),
    );
    const group = bea.getByTestId('article-changes').filter({ has: restore });
    await restore.click();
    await bea.getByTestId('confirm-proceed').click();
    const restoreError = group.getByTestId('restore-error');
    await expect.poll(() => restoreError.innerText()).toMatch(/^No se restauró .+\. Ya es igual que en el punto «Desde»: no hay nada que restaurar\.$/);
    expect(await restoreError.getAttribute('role')).toBe('alert');
    expect(await bea.locator('body').innerText()).not.toContain('already as it was');
    await screenshot(bea, 'history-errors');

    // An unknown document's history: the same friendly page as the editor's.
    await bea.goto(`${session.server.url}/d/nope/history`);
    await bea.getByTestId('page-message').waitFor();
    expect(await bea.locator('h1').innerText()).toBe('Este documento no existe');
    expect(await bea.locator('body').innerText()).not.toContain('not found');
    expect(session.opened.flatMap((person) => person.errors)).toEqual([]);
  });
});
