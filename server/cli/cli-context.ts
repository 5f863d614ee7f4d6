/** What every CLI command gets: the configuration, a lazily opened store, and output helpers. */
import { configFromEnv, type CartaConfig } from '../config.ts';
import { openSqliteStore } from '../storage/sqlite/sqlite-store.ts';
import type { CartaStore } from '../storage/store.ts';

/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliContext {
  config: CartaConfig;
  store(): CartaStore;
  out(line: string): void;
  err(line: string): void;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  const config = configFromEnv();
  let store: CartaStore | null = null;
  return {
    config,
    store: () => (store ??= openSqliteStore(config.dataDir, { synchronous: config.sqliteSynchronous })),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    close: async () => {
      await store?.close();
    },
  };
}
