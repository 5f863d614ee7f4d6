/**
 * Builds the browser client with Vite when dist/client is missing or older than its sources. The
 * check hashes the sources (client/, shared/, vite.config.ts, package-lock.json), so it is right
 * after a fresh clone, a pull or an edit, whatever the file times say.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
const OUT_DIR = path.join(ROOT, 'dist', 'client');
const STAMP = path.join(OUT_DIR, '.source-hash');
const INPUTS = ['client', 'shared', 'vite.config.ts', 'package-lock.json'];

function* files(entry: string): Generator<string> {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return;
  if (statSync(full).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(full).sort()) yield* files(path.join(entry, name));
}

/** A hash of everything the client build reads. */
export function clientSourceHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(input)) {
      hash.update(file);
      hash.update(readFileSync(path.join(ROOT, file)));
    }
  }
  return hash.digest('hex');
}

/** True when dist/client holds a build of the current sources. */
export function clientIsUpToDate(): boolean {
  return existsSync(path.join(OUT_DIR, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === clientSourceHash();
}

/** Builds the client (quietly) and records the source hash. */
export async function buildClient(log: (message: string) => void = () => {}): Promise<void> {
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, clientSourceHash());
  log(`client built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds the client unless it is already up to date. */
export async function ensureClientBuilt(log: (message: string) => void): Promise<void> {
  if (clientIsUpToDate()) return;
  log('building the browser client (first start or sources changed)…');
  await buildClient(log);
}
