/**
 * Text typed into an article that someone else moved meanwhile (a move is a delete plus a re-insert
 * in Yjs) cannot enter the document; the server hands it back to its author instead of losing it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, sleep, type TestClient, waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs.join('\n'));
  for (const c of clients) c.destroy();
  await server.stop();
  server.cleanup();
});

async function member(name: string): Promise<TestClient> {
  const c = connectClient(server.wsBase, await server.token('member', name));
  clients.push(c);
  await c.synced();
  return c;
}

/** Moves article `n` after article `n + 1` the way the editor does: delete it, insert a copy. */
function moveDown(fragment: Y.XmlFragment, n: number): string {
  const moving = article(fragment, n);
  const next = article(fragment, n + 1);
  const uid = String(moving.getAttribute('uid'));
  const parent = moving.parent as Y.XmlElement;
  if (next.parent !== parent) throw new Error('test moves only within one capítulo');
  fragment.doc!.transact(() => {
    const copy = moving.clone();
    parent.delete(parent.toArray().indexOf(moving), 1);
    parent.insert(parent.toArray().indexOf(next) + 1, [copy]);
  });
  return uid;
}

describe('text typed into content someone else moved', () => {
  it('is returned to its author with the uid of where it was typed', async () => {
    const ana = await member('Ana');
    const beto = await member('Beto');
    const movedUid = String(article(beto.fragment, 7).getAttribute('uid'));

    beto.provider.disconnect();
    epigrafe(article(beto.fragment, 7)).insert(0, 'texto escrito sin conexión ');

    expect(moveDown(ana.fragment, 7)).toBe(movedUid);
    await waitFor(async () => String(article((await server.carta.registry.acquire('cdmx'))!.fragment, 8).getAttribute('uid')) === movedUid, 10_000, 'the move to land');

    beto.provider.connect();
    await waitFor(() => beto.notices.length > 0, 10_000, 'the notice');
    expect(beto.notices[0]).toEqual({ kind: 'orphaned-text', items: [{ uid: movedUid, text: 'texto escrito sin conexión ' }] });
    await waitFor(() => beto.fragment.toString() === ana.fragment.toString(), 10_000, 'convergence');
    expect(ana.notices).toEqual([]);
  });

  it('is returned to its author when a move made without seeing it removes it', async () => {
    const ana = await member('Ana2');
    const beto = await member('Beto2');
    const movedUid = String(article(ana.fragment, 9).getAttribute('uid'));
    // Ana moves article 9 while her editor has not yet received Beto's new text in it.
    ana.provider.disconnect();
    epigrafe(article(beto.fragment, 9)).insert(0, 'Beto escribió esto ');
    await waitFor(async () => epigrafe(article((await server.carta.registry.acquire('cdmx'))!.fragment, 9)).toString().startsWith('Beto escribió'), 10_000, 'Beto’s text on the server');
    moveDown(ana.fragment, 9);
    ana.provider.connect();
    await waitFor(() => beto.notices.length > 0, 10_000, 'the notice to Beto');
    expect(beto.notices[0]).toEqual({ kind: 'orphaned-text', items: [{ uid: movedUid, text: 'Beto escribió esto ' }] });
    expect(ana.notices).toEqual([]);
  });

  it('sends nothing when a member moves an article whose text everyone has', async () => {
    const ana = await member('Ana3');
    const beto = await member('Beto3');
    epigrafe(article(beto.fragment, 11)).insert(0, 'ya sincronizado ');
    await waitFor(() => epigrafe(article(ana.fragment, 11)).toString().startsWith('ya sincronizado'), 10_000, 'sync to Ana');
    moveDown(ana.fragment, 11);
    await waitFor(() => beto.fragment.toString() === ana.fragment.toString(), 10_000, 'convergence');
    await sleep(300);
    expect(epigrafe(article(beto.fragment, 12)).toString()).toContain('ya sincronizado');
    expect(beto.notices).toEqual([]);
    expect(ana.notices).toEqual([]);
  });

  it('sends no notice for ordinary edits, or for text its author deleted along with its block', async () => {
    const carla = await member('Carla');
    epigrafe(article(carla.fragment, 20)).insert(0, 'normal ');
    const target = article(carla.fragment, 21);
    const parent = target.parent as Y.XmlElement;
    carla.provider.disconnect();
    epigrafe(target).insert(0, 'luego lo borro ');
    parent.delete(parent.toArray().indexOf(target), 1);
    carla.provider.connect();
    await waitFor(async () => (await server.carta.registry.acquire('cdmx'))!.fragment.toString() === carla.fragment.toString(), 10_000, 'sync');
    await sleep(200);
    expect(carla.notices).toEqual([]);
  });
});
