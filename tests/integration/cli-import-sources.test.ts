/** `npm run carta -- import sources FILE`, run as a person runs it, against a data directory. */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { tempDataDir } from '../support/test-server.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = tempDataDir();
const files = tempDataDir();

async function carta(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'carta', '--', ...args], { cwd: ROOT, env: { ...process.env, CARTA_DATA_DIR: dataDir } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function petitionCount(): Promise<number> {
  const store = openSqliteStore(dataDir);
  try {
    return (await store.sources.countSources()).petition;
  } finally {
    await store.close();
  }
}

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});

describe('npm run carta -- import sources', () => {
  const rows = Array.from({ length: 1_200 }, (_, i) => `petition,cli-${i},Petición ${i} sobre la vía pública,,${i * 10},2016-05-01`);
  const good = path.join(files, 'peticiones.csv');
  writeFileSync(good, ['kind,external_ref,title,url,signatures,opened_on', ...rows].join('\n'));

  it('imports a CSV file with a progress bar on stderr and a summary line on stdout', async () => {
    const { code, stdout, stderr } = await carta('import', 'sources', good, '--progress');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^Imported peticiones\.csv: 1200 rows, 1200 created, 0 updated, 0 unchanged \(\d+ ms\)\.$/);
    expect(stderr).toMatch(/\[#+\] 100% 1,200\/1,200 rows/);
    expect(await petitionCount()).toBe(1_200);
  });

  it('re-imports without duplicates, and draws no bar when stderr is not a terminal', async () => {
    const { code, stdout, stderr } = await carta('import', 'sources', good);
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 created, 0 updated, 1200 unchanged/);
    expect(stderr).toBe('');
    expect(await petitionCount()).toBe(1_200);
  });

  it('imports JSON, by extension or --format', async () => {
    const json = path.join(files, 'fuentes.data');
    writeFileSync(json, JSON.stringify([{ kind: 'other', externalRef: 'cli-o', title: 'Otra fuente' }]));
    expect((await carta('import', 'sources', json)).stderr).toMatch(/add --format csv or --format json/);
    expect((await carta('import', 'sources', json, '--format', 'json')).stdout).toMatch(/1 created/);
  });

  it('lists every problem with line and column, exits with 1 and imports nothing', async () => {
    const bad = path.join(files, 'malo.csv');
    writeFileSync(bad, ['kind,external_ref,title,url,signatures,opened_on', 'petition,cli-new-1,Nueva,,5,2016-05-01', 'petition,cli-new-2,Mala,javascript:x,cinco,2016-05-01'].join('\n'));
    const { code, stdout, stderr } = await carta('import', 'sources', bad);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${bad}:3: url: must be an http:// or https:// URL`);
    expect(stderr).toContain(`${bad}:3: signatures: must be a whole number`);
    expect(stderr).toMatch(/malo\.csv: 2 problems; nothing was imported\./);
    expect(await petitionCount()).toBe(1_200);
  });

  it('refuses a row that would change a known source’s kind, naming its line and reference, and imports nothing', async () => {
    const kinds = path.join(files, 'tipos.json');
    writeFileSync(kinds, JSON.stringify([{ kind: 'petition', externalRef: 'cli-new-3', title: 'Nueva', details: { signatures: 1 } }, { kind: 'other', externalRef: 'cli-7', title: 'Ya no es petición' }], null, 2));
    const { code, stdout, stderr } = await carta('import', 'sources', kinds);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${kinds}:10: [1].kind: external reference "cli-7" is already a petition (src_`);
    expect(stderr).toContain('an import cannot make it an "other" source');
    expect(stderr).toMatch(/tipos\.json: 1 problem; nothing was imported\./);
    expect(await petitionCount()).toBe(1_200);
  });

  it('explains a wrong call, and still imports legal Markdown with "import markdown"', async () => {
    expect((await carta('import', 'sources')).code).toBe(2);
    expect((await carta('import', 'sources', good, '--format', 'xml')).stderr).toMatch(/--format must be one of csv, json/);
    expect((await carta('import', 'sources', good, '--doc', 'x')).stderr).toMatch(/are for "import markdown"/);
    expect((await carta('import', 'novel', good)).stderr).toMatch(/import markdown FILE --doc ID" or "import sources FILE/);
    const md = path.join(files, 'ley.md');
    writeFileSync(md, '## TÍTULO PRIMERO. GENERAL\n\n#### Artículo 1. Objeto\n\n1. Texto.\n');
    const { code, stdout } = await carta('import', 'markdown', md, '--doc', 'ley-cli');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Created document "ley-cli"/);
  });
});
