/**
 * Composes and starts one Carta server: store → secret → seed (constitution, source fixtures) →
 * update checker → write batcher → room registry → express app and collaboration endpoint on one
 * HTTP server. `npm start` and the integration tests both use this, so tests run the real thing.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Accounts } from './auth/accounts.ts';
import { SignInThrottle } from './auth/sign-in-throttle.ts';
import { newTokenSecret } from './auth/tokens.ts';
import { UpdateChecker } from './collab/check/update-checker.ts';
import { CollabEndpoint } from './collab/collab-endpoint.ts';
import { RoomRegistry } from './collab/room-registry.ts';
import { WriteBatcher } from './collab/write-batcher.ts';
import type { CartaConfig } from './config.ts';
import { DocumentReader } from './documents/document-reader.ts';
import { seedDefaultDocument } from './documents/seed.ts';
import { createApp } from './http/app.ts';
import { HistoryService } from './history/history-service.ts';
import { LiveProvenanceViews } from './provenance/live-provenance-views.ts';
import { LiveCommentAnchors } from './comments/live-comment-anchors.ts';
import { seedSourceFixtures } from './sources/seed-sources.ts';
import { lockDataDir } from './storage/data-dir-lock.ts';
import { openSqliteStore } from './storage/sqlite/sqlite-store.ts';
import type { CartaStore } from './storage/store.ts';

export interface RunningCarta {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  store: CartaStore;
  registry: RoomRegistry;
  endpoint: CollabEndpoint;
  secret: string;
  /** Sign-up, sign-in, cookie sessions and invitations. */
  accounts: Accounts;
  /** Problems the first-start import reported (null when nothing was seeded this start). */
  seeded: { title: string; problems: number } | null;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: (message: string) => void;
  /** Where the built client lives (default dist/client next to the repository root). */
  clientDir?: string;
  /** The accounts' clock (sessions, invitations, sign-in limits); tests move it forward. */
  now?: () => number;
}

export const DEFAULT_CLIENT_DIR = path.resolve(new URL('../dist/client', import.meta.url).pathname);

/** The signing secret of this installation, created on first use. */
export async function installationSecret(store: CartaStore): Promise<string> {
  return store.setSettingIfAbsent('token_secret', newTokenSecret());
}

export async function startCarta(config: CartaConfig, options: StartOptions = {}): Promise<RunningCarta> {
  const log = options.log ?? ((message: string) => console.error(`[carta] ${message}`));
  mkdirSync(config.dataDir, { recursive: true });
  const unlock = lockDataDir(config.dataDir);
  try {
    return await startLocked(config, log, options, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function startLocked(config: CartaConfig, log: (message: string) => void, options: StartOptions, unlock: () => void): Promise<RunningCarta> {
  const store = openSqliteStore(config.dataDir, { synchronous: config.sqliteSynchronous });
  const secret = await installationSecret(store);
  const seededDoc = await seedDefaultDocument(store);
  const seededSources = await seedSourceFixtures(store);
  if (seededSources) log(`loaded the source fixtures: ${seededSources.created} new sources`);
  const checker = new UpdateChecker({ timeoutMs: config.limits.checkTimeoutMs, memoryMb: config.limits.checkMemoryMb, log });
  checker.warmUp();
  const batcher = new WriteBatcher(store);
  const registry = new RoomRegistry({
    store,
    checker,
    batcher,
    checkpointEvery: config.checkpointEvery,
    idleUnloadMs: config.idleUnloadMs,
    log,
  });
  const reader = new DocumentReader(store, registry);
  const provenance = new LiveProvenanceViews(registry, reader);
  const history = new HistoryService(store, registry);
  // Every connection of a document hears when its links change, so other people's marks follow.
  const linksChanged = (docId: string): void => void registry.broadcastNotice(docId, { kind: 'links-changed' });
  // Open editors and margins hear when an article's comments or stances change, instead of polling.
  const commentsChanged = (docId: string, articleUid: string): void => void registry.broadcastNotice(docId, { kind: 'comments-changed', articleUid });
  const commentAnchors = new LiveCommentAnchors(registry);
  const now = options.now ?? Date.now;
  const accounts = new Accounts({ accounts: store.accounts, secret, sessionDays: config.accounts.sessionDays, throttle: new SignInThrottle(config.accounts.signIn, now), now });
  const app = createApp({
    store,
    secret,
    reader,
    provenance,
    history,
    clientDir: options.clientDir ?? DEFAULT_CLIENT_DIR,
    log,
    linksChanged,
    commentAnchors,
    participation: config.participation,
    commentsChanged,
    accounts,
    publicUrl: config.publicUrl,
    now,
  });
  const server: Server = createServer(app);
  const endpoint = new CollabEndpoint({ store, secret, registry, limits: config.limits, log, accounts, publicUrl: config.publicUrl });
  endpoint.attach(server);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = config.publicUrl || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      server.close();
      await registry.closeAll();
      await endpoint.close();
      await checker.close();
      server.closeAllConnections();
      await store.close();
      unlock();
    })();
    return closing;
  };

  return {
    url,
    port,
    store,
    registry,
    endpoint,
    secret,
    accounts,
    seeded: seededDoc ? { title: seededDoc.title, problems: seededDoc.problems.length } : null,
    close,
  };
}
