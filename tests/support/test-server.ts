/**
 * Starts a real Carta server in this process on 127.0.0.1:0 with a temporary data directory, and
 * hands out tokens. Each test file gets its own server and data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '../../shared/auth/roles.ts';
import { tokenForUser } from '../../server/auth/user-tokens.ts';
import { type RunningCarta, startCarta } from '../../server/carta-server.ts';
import { type CartaConfig, type CollabLimits, DEFAULT_ACCOUNT_SETTINGS, DEFAULT_LIMITS, DEFAULT_PARTICIPATION_LIMITS } from '../../server/config.ts';

export interface TestServer {
  carta: RunningCarta;
  url: string;
  wsBase: string;
  dataDir: string;
  logs: string[];
  token(role: Role, name?: string): Promise<string>;
  /** Stops the server; the data directory stays (for restarts) until `cleanup`. */
  stop(): Promise<void>;
  cleanup(): void;
}

export function testConfig(dataDir: string, overrides: Partial<Omit<CartaConfig, 'limits'>> & { limits?: Partial<CollabLimits> } = {}): CartaConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    checkpointEvery: 1000,
    idleUnloadMs: 60_000,
    publicUrl: '',
    sqliteSynchronous: 'FULL',
    participation: DEFAULT_PARTICIPATION_LIMITS,
    accounts: DEFAULT_ACCOUNT_SETTINGS,
    ...overrides,
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
  };
}

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'carta-test-'));
}

/** Starts a server; pass `dataDir` to restart on existing data, `now` to drive the accounts' clock. */
export async function startTestServer(
  options: { dataDir?: string; now?: () => number } & Partial<Omit<CartaConfig, 'limits'>> & { limits?: Partial<CollabLimits> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const logs: string[] = [];
  const { now, ...config } = options;
  const carta = await startCarta(testConfig(dataDir, config), { log: (m) => logs.push(m), clientDir: path.join(dataDir, 'no-client'), ...(now ? { now } : {}) });
  const url = carta.url;
  return {
    carta,
    url,
    wsBase: `${url.replace(/^http/, 'ws')}/collab`,
    dataDir,
    logs,
    token: async (role, name) => (await tokenForUser(carta.store, carta.secret, { role, name: name ?? `${role} ${Math.random().toString(36).slice(2, 7)}` })).token,
    stop: () => carta.close(),
    cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
