/**
 * Nothing is lost: edits survive a clean restart and a kill -9 right after they were broadcast,
 * the seed is never duplicated, and documents unload from memory and load back from checkpoints.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { tokenForUser } from '../../server/auth/user-tokens.ts';
import { installationSecret } from '../../server/carta-server.ts';
import { startChildServer } from '../support/child-server.ts';
import { connectClient, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, articles, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, tempDataDir } from '../support/test-server.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function track(client: TestClient): TestClient {
  cleanups.push(() => client.destroy());
  return client;
}

async function memberToken(dataDir: string, name: string): Promise<string> {
  const store = openSqliteStore(dataDir);
  try {
    return (await tokenForUser(store, await installationSecret(store), { role: 'member', name })).token;
  } finally {
    await store.close();
  }
}

describe('persistence', () => {
  it('keeps every edit across a restart and never seeds twice', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.cleanup());
    const ana = track(connectClient(server.wsBase, await server.token('member', 'Ana')));
    await ana.synced();
    for (let i = 0; i < 25; i++) epigrafe(article(ana.fragment, 1 + (i % 5))).insert(0, `e${i} `);
    const expected = ana.fragment.toString();
    await waitFor(async () => (await server.carta.registry.acquire('cdmx'))!.fragment.toString() === expected, 10_000, 'server to catch up');
    ana.destroy();
    await server.stop();

    const again = await startTestServer({ dataDir: server.dataDir });
    cleanups.push(() => again.stop());
    expect(again.carta.seeded).toBeNull();
    expect((await again.carta.store.listDocuments()).map((d) => d.id)).toEqual(['cdmx']);
    const beto = track(connectClient(again.wsBase, await again.token('member', 'Beto')));
    await beto.synced();
    expect(beto.fragment.toString()).toBe(expected);
    expect(articles(beto.fragment)).toHaveLength(71);
  });

  it('keeps an edit that clients saw broadcast even when the server is killed with SIGKILL right after', async () => {
    const dataDir = tempDataDir();
    const first = await startChildServer(dataDir);
    cleanups.push(() => first.kill9());
    const writer = track(connectClient(first.wsBase, await memberToken(dataDir, 'Escritora')));
    const watcher = track(connectClient(first.wsBase, await memberToken(dataDir, 'Testigo')));
    await Promise.all([writer.synced(), watcher.synced()]);
    const markers = Array.from({ length: 20 }, (_, i) => `[marca-${i}]`);
    for (const marker of markers) epigrafe(article(writer.fragment, 10)).insert(0, marker);
    // The moment the watcher has received the last edit from the server, kill the server.
    await waitFor(() => epigrafe(article(watcher.fragment, 10)).toString().includes(markers.at(-1)!), 10_000, 'broadcast');
    await first.kill9();
    const seen = epigrafe(article(watcher.fragment, 10)).toString();
    writer.destroy();
    watcher.destroy();

    const second = await startChildServer(dataDir);
    cleanups.push(() => second.stop());
    const reader = track(connectClient(second.wsBase, await memberToken(dataDir, 'Lectora')));
    await reader.synced();
    const after = epigrafe(article(reader.fragment, 10)).toString();
    for (const marker of markers) expect(after).toContain(marker);
    expect(after).toBe(seen);
  });

  it('unloads an idle document, writes a verified checkpoint, and loads it back identically', async () => {
    const server = await startTestServer({ checkpointEvery: 10, idleUnloadMs: 100 });
    cleanups.push(() => server.cleanup());
    cleanups.push(() => server.stop());
    const ana = track(connectClient(server.wsBase, await server.token('member', 'Ana')));
    await ana.synced();
    for (let i = 0; i < 35; i++) epigrafe(article(ana.fragment, 40)).insert(0, `${i}.`);
    const expected = ana.fragment.toString();
    await waitFor(async () => (await server.carta.store.lastSeq('cdmx')) >= 36, 10_000, 'log to hold the edits');
    ana.destroy();
    await waitFor(() => server.carta.registry.loadedCount === 0, 10_000, 'the document to unload');
    const checkpoint = await server.carta.store.latestCheckpoint('cdmx');
    expect(checkpoint?.seq).toBe(await server.carta.store.lastSeq('cdmx'));
    const fromCheckpoint = new Y.Doc();
    Y.applyUpdate(fromCheckpoint, checkpoint!.state);
    expect(fromCheckpoint.getXmlFragment('prosemirror').toString()).toBe(expected);

    const beto = track(connectClient(server.wsBase, await server.token('member', 'Beto')));
    await beto.synced();
    expect(beto.fragment.toString()).toBe(expected);
  });

  it('refuses to run a second server on the same data directory', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.cleanup());
    await expect(startTestServer({ dataDir: server.dataDir })).rejects.toThrow(/Another Carta server \(pid \d+\) is using/);
    await server.stop();
    const again = await startTestServer({ dataDir: server.dataDir });
    await again.stop();
  });

  it('never rewrites or deletes the update log', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.cleanup());
    await server.stop();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(`${server.dataDir}/carta.sqlite`);
    cleanups.push(() => void db.close());
    expect(() => db.prepare('DELETE FROM update_log').run()).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE update_log SET bytes = x\'00\'').run()).toThrow(/append-only/);
  });
});
