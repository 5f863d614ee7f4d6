/**
 * The audit log browser in the browser: a member edits the constitution and an admin imports
 * sources many times; an auditor opens the history page, filters the log by person and kind with
 * the labelled controls (submitting from the keyboard), sees only that person's edits, an empty
 * state when nothing matches, and earlier events a page at a time; then downloads the audit
 * bundle, which the standalone verifier accepts against the head the footer showed.
 * Screenshots land in test-artifacts/.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser.ts';
import { browserSession } from './support/browser-session.ts';
import { articleUid, caretAtEndOfEpigrafe, epigrafeText } from './support/pages.ts';

const session = browserSession();
const downloads = mkdtempSync(path.join(tmpdir(), 'carta-e2e-audit-'));
const VERIFIER = path.resolve(import.meta.dirname, '../../verifier/verify-bundle.mjs');

afterAll(() => rmSync(downloads, { recursive: true, force: true }));

function verify(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFIER, ...args], { cwd: downloads }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the audit log browser', () => {
  it('lets an auditor filter by person and kind, page back, and download a bundle the verifier accepts', async () => {
    const ana = await session.member('Ana Auditable');
    await caretAtEndOfEpigrafe(ana, 13);
    await ana.keyboard.type(' y de la memoria');
    await expect.poll(() => epigrafeText(ana, 13)).toContain('y de la memoria');
    await expect.poll(() => ana.getByTestId('unsent-count').isVisible().catch(() => false), { timeout: 10_000 }).toBe(false);

    // Other people's events: a link by Beto about article 13, and sixty source imports by an admin.
    const store = session.server.carta.store;
    const anaId = (await store.findUser('Ana Auditable', 'member'))?.id ?? '';
    expect(anaId).not.toBe('');
    await store.ensureUser({ id: 'u-beto-auditable', name: 'Beto Auditable', role: 'member' }, Date.now());
    await store.ensureUser({ id: 'u-ada-auditable', name: 'Ada Auditable', role: 'admin' }, Date.now());
    await store.links.createLink({ docId: 'cdmx', articleUid: await articleUid(ana, 13), sourceId: 'src-e2e', relation: 'adapts', rationale: 'prueba', anchor: null, replaces: null }, 'u-beto-auditable', Date.now());
    for (let i = 0; i < 60; i++) await store.appendAudit({ at: Date.now(), actorId: 'u-ada-auditable', action: 'sources.import', subject: `lote-${i}.csv`, detail: { created: i } });

    const olga = await session.open('auditor', 'Olga Auditable');
    const page = olga.page;
    await page.goto(`${session.server.url}/d/cdmx/history`);
    const audit = page.getByTestId('audit-log');
    await audit.waitFor();
    await expect.poll(() => audit.getByTestId('audit-event').count()).toBe(50);

    // The person filter lists Ana once the people are loaded; the controls are found by their labels.
    const person = audit.getByLabel('Persona');
    await expect.poll(() => person.locator('option', { hasText: 'Ana Auditable' }).count()).toBe(1);
    expect(await person.locator('option', { hasText: 'Ana Auditable' }).innerText()).toMatch(/^Ana Auditable · Comisión redactora · \d+ eventos$/);
    // One event is one "evento".
    expect(await person.locator('option', { hasText: 'Beto Auditable' }).innerText()).toBe('Beto Auditable · Comisión redactora · 1 evento');
    await person.selectOption(anaId);
    await audit.getByLabel('Clase de evento').selectOption('edit');
    // Submitted from the keyboard: Enter in the subject field applies the filters.
    await audit.getByLabel('Sobre', { exact: true }).press('Enter');
    await expect.poll(() => audit.getByTestId('audit-event').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-actor')} ${row.getAttribute('data-action')}`))).toEqual(
      expect.arrayContaining([`${anaId} update`]),
    );
    const anaRows = await audit.getByTestId('audit-event').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-actor'), row.getAttribute('data-action'), Number(row.getAttribute('data-id'))] as const));
    expect(anaRows.length).toBeGreaterThan(0);
    expect(anaRows.every(([actor, action]) => actor === anaId && action === 'update')).toBe(true);
    // Newest first.
    expect(anaRows.map(([, , id]) => id)).toEqual([...anaRows.map(([, , id]) => id)].sort((a, b) => b - a));
    await expect.poll(() => page.getByTestId('status-message').innerText()).toMatch(new RegExp(`^${anaRows.length} eventos encontrados\\.`));
    await screenshot(page, 'audit-browser-filtered');

    // Ana made no link: an empty state, said in words.
    await audit.getByLabel('Clase de evento').selectOption('link');
    await audit.getByTestId('audit-filter-apply').click();
    await expect.poll(() => audit.getByTestId('audit-summary').getAttribute('data-empty')).toBe('true');
    expect(await audit.getByTestId('audit-summary').innerText()).toBe('Ningún evento coincide con estos filtros.');
    expect(await audit.getByTestId('audit-event').count()).toBe(0);

    // Beto's link, found by person and by the article it names.
    await person.selectOption('u-beto-auditable');
    await audit.getByLabel('Artículo', { exact: true }).selectOption(await articleUid(ana, 13));
    await audit.getByTestId('audit-filter-apply').click();
    await expect.poll(() => audit.getByTestId('audit-event').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')))).toEqual(['link.create']);

    // The subject is exact unless "Empieza por" is ticked: lote-1.csv is not lote-10.csv.
    await audit.getByTestId('audit-filter-clear').click();
    await audit.getByLabel('Sobre', { exact: true }).fill('lote-1.csv');
    await audit.getByTestId('audit-filter-apply').click();
    await expect.poll(() => audit.getByTestId('audit-event').evaluateAll((rows) => rows.map((row) => row.children[4]?.textContent))).toEqual(['lote-1.csv']);
    await expect.poll(() => audit.getByTestId('audit-summary').innerText()).toBe('1 evento.');
    await audit.getByLabel('Sobre', { exact: true }).fill('lote-1');
    await audit.getByTestId('audit-filter-apply').click();
    await expect.poll(() => audit.getByTestId('audit-summary').getAttribute('data-empty')).toBe('true');
    await audit.getByLabel(/^Empieza por/).check();
    await audit.getByTestId('audit-filter-apply').click();
    await expect.poll(() => audit.getByTestId('audit-event').count()).toBe(11);
    expect((await audit.getByTestId('audit-event').evaluateAll((rows) => rows.map((row) => row.children[4]?.textContent ?? ''))).every((subject) => subject.startsWith('lote-1'))).toBe(true);
    await expect.poll(() => page.getByTestId('status-message').innerText()).toBe('11 eventos encontrados.');

    // Sixty imports: fifty first, then the earlier ones on request (from the keyboard).
    await audit.getByTestId('audit-filter-clear').click();
    await audit.getByLabel('Clase de evento').selectOption('sources');
    await audit.getByTestId('audit-filter-apply').click();
    await expect.poll(() => audit.getByTestId('audit-event').count()).toBe(50);
    await audit.getByTestId('audit-older').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => audit.getByTestId('audit-event').count()).toBeGreaterThanOrEqual(60);
    await expect.poll(() => page.getByTestId('status-message').innerText()).toMatch(/eventos anteriores cargados\./);
    expect(await audit.getByTestId('audit-older').getAttribute('aria-disabled')).toBe('true');
    // The focus stayed on the button that loaded them.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('audit-older');

    // The bundle: a download the verifier accepts against the head shown in the footer.
    const headHash = await page.getByTestId('audit-head-hash').innerText();
    const command = await audit.getByTestId('audit-verify-command').innerText();
    expect(command).toMatch(new RegExp(`^node verifier/verify-bundle\\.mjs carta-audit-\\d+\\.tar --noted \\d+:${headHash}$`));
    const [download] = await Promise.all([page.waitForEvent('download'), audit.getByTestId('audit-download').click()]);
    const fileName = download.suggestedFilename();
    expect(fileName).toMatch(/^carta-audit-\d+\.tar$/);
    await download.saveAs(path.join(downloads, fileName));
    await expect.poll(() => audit.getByTestId('audit-download-status').innerText()).toBe(`Paquete guardado: ${fileName}.`);
    const saved = await audit.getByTestId('audit-verify-command').innerText();
    expect(saved.startsWith(`node verifier/verify-bundle.mjs ${fileName} --noted `)).toBe(true);
    // Exactly the command the page shows, run in the folder the file was saved to.
    const [, , ...args] = saved.split(' ');
    const run = await verify(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^intact: ${fileName.match(/\d+/)?.[0]} events, head [0-9a-f]{64}\n$`));
    await screenshot(page, 'audit-browser-download');

    // In English too.
    await page.getByTestId('lang-switch').click();
    expect(await audit.getByTestId('audit-download').innerText()).toBe('Download audit bundle');
    expect(await audit.getByLabel('Person').count()).toBe(1);
    expect(session.opened.flatMap((opened) => opened.errors)).toEqual([]);
  });
});
