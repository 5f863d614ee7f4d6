/** The command line, run as a user runs it: `npm run carta -- …` against a data directory. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { importMarkdown } from '../../shared/markdown/markdown-import.ts';
import { tempDataDir } from '../support/test-server.ts';
import { startTestServer } from '../support/test-server.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = tempDataDir();

async function carta(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'carta', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, CARTA_DATA_DIR: dataDir },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

afterAll(() => {
  // the directory is temporary; leave nothing behind
  void import('node:fs').then((fs) => fs.rmSync(dataDir, { recursive: true, force: true }));
});

describe('npm run carta', () => {
  it('refuses to invent a database where there is none', async () => {
    const { code, stderr } = await carta('token', '--role', 'member', '--name', 'Nadie');
    expect(code).toBe(2);
    expect(stderr).toMatch(/no Carta database in/);
  });

  it('prints help', async () => {
    const { stdout, code } = await carta('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/token/);
    expect(stdout).toMatch(/export/);
  });

  it('seeds once, then prints a token alone on the first line and a sign-in link on the second', async () => {
    expect((await carta('seed')).stdout).toMatch(/Seeded/);
    expect((await carta('seed')).stdout).toMatch(/already exists/);
    const { stdout, code } = await carta('token', '--role', 'citizen', '--name', 'Lucía');
    expect(code).toBe(0);
    const [token, link] = stdout.trim().split('\n');
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(link).toBe(`http://127.0.0.1:8080/#token=${token}`);

    // The token works against a server on the same data.
    const server = await startTestServer({ dataDir });
    try {
      const me = await (await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(me).toMatchObject({ name: 'Lucía', role: 'citizen', canEdit: false });
    } finally {
      await server.stop();
    }
  });

  it('explains a bad call instead of failing obscurely', async () => {
    const bad = await carta('token', '--role', 'emperor', '--name', 'X');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--role must be one of/);
    expect((await carta('export', '--doc', 'nothing')).stderr).toMatch(/no document "nothing"/);
    expect((await carta('frobnicate')).code).toBe(2);
    expect((await carta('token', '--role', 'member', '--name', 'X', '--days', '0.0001')).stderr).toMatch(/whole number of days/);
    expect((await carta('token', '--role', 'member', '--name', 'X', '--doc', '../../etc')).stderr).toMatch(/--doc must be a document id/);
  });

  it('exports the seeded constitution as Markdown to a file', async () => {
    const out = path.join(dataDir, 'cdmx.md');
    const { code } = await carta('export', '--doc', 'cdmx', '--format', 'markdown', '--out', out);
    expect(code).toBe(0);
    const result = importMarkdown(await readFile(out, 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.title).toBe('Constitución Política de la Ciudad de México');
  });

  it('imports a Markdown document and reports lines it could not place', async () => {
    const file = path.join(dataDir, 'mini.md');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(file, '# Mini\n\nsuelto\n\n## TÍTULO PRIMERO. Único\n\n#### Artículo 1. Prueba\n\n1. Texto.\n'),
    );
    const { stdout, stderr, code } = await carta('import', 'markdown', file, '--doc', 'mini');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Created document "mini"/);
    expect(stderr).toMatch(/mini\.md:3: unplaced-text/);
    expect((await carta('import', 'markdown', file, '--doc', 'mini')).stderr).toMatch(/already exists/);
    const recipe = path.join(dataDir, 'receta.md');
    await import('node:fs/promises').then((fs) => fs.writeFile(recipe, '# Tortillas\n\nMasa, agua y sal.\n'));
    const refused = await carta('import', 'markdown', recipe, '--doc', 'receta');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/nothing in .* reads as a legal document/);
  });
  it('verifies the audit chain, exports a bundle the standalone verifier accepts, and catches a rewrite', async () => {
    const head = await carta('audit', 'head');
    const [, count, hash] = /^(\d+) events, head ([0-9a-f]{64})$/m.exec(head.stdout) ?? [];
    expect(Number(count)).toBeGreaterThan(3);
    const verify = await carta('audit', 'verify', '--noted', `${count}:${hash}`);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`^intact: ${count} events, head ${hash}`));

    const bundle = path.join(dataDir, 'bundle');
    const exported = await carta('audit', 'export', bundle);
    expect(exported.code).toBe(0);
    const verifier = (...args: string[]) =>
      run(process.execPath, [path.join(ROOT, 'verifier/verify-bundle.mjs'), ...args]).then(
        ({ stdout }) => ({ code: 0, out: stdout }),
        (error: { code: number; stderr: string }) => ({ code: error.code, out: error.stderr }),
      );
    expect(await verifier(bundle, '--noted', `${count}:${hash}`)).toEqual({ code: 0, out: `intact: ${count} events, head ${hash}\n` });
    const elsewhere = await verifier(bundle, '--noted', `${count}:${'0'.repeat(64)}`);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.out).toMatch(/TAMPERED: event \d+ .*rewritten/);
    expect((await verifier()).code).toBe(2);
    expect((await carta('audit', 'export', bundle)).stderr).toMatch(/not empty/);
    expect((await carta('audit', 'verify', '--noted', 'nonsense')).code).toBe(2);
    expect((await carta('audit')).code).toBe(2);
  });
});
