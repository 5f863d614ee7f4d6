/** What every CLI command gets: the configuration, a lazily opened store, and output helpers. */
import { existsSync } from 'node:fs';
import { configFromEnv, type CartaConfig } from '../config.ts';
import { databasePath, openSqliteStore } from '../storage/sqlite/sqlite-store.ts';
import type { CartaStore } from '../storage/store.ts';

/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The base of the links commands print: the public URL, else this machine's host and port. */
export function printedBaseUrl(config: CartaConfig): string {
  return config.publicUrl || `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
}

export interface CliContext {
  config: CartaConfig;
  /** The store; creates the database only when `create` is set (seed, import). */
  store(options?: { create?: boolean }): CartaStore;
  out(line: string): void;
  err(line: string): void;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  const config = configFromEnv();
  let store: CartaStore | null = null;
  return {
    config,
    store: (options = {}) => {
      if (!store && !options.create && !existsSync(databasePath(config.dataDir))) {
        throw new UsageError(
          `no Carta database in ${config.dataDir}. Start the server once (npm start), run "npm run carta -- seed", or set CARTA_DATA_DIR to the server's data directory.`,
        );
      }
      return (store ??= openSqliteStore(config.dataDir, { synchronous: config.sqliteSynchronous }));
    },
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    close: async () => {
      await store?.close();
    },
  };
}
