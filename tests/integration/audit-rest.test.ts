/**
 * The audit log of a running server: edits made over the websocket are chained events stamped
 * with the author the server authenticated (not one the client names), the chain verifies while
 * the server runs, the head is public and the events are for auditors and admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify-audit-chain.ts';
import { connectClient, waitFor } from '../support/collab-client.ts';
import { article, epigrafe } from '../support/legal-y-doc.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

const get = (path: string, token?: string): Promise<Response> =>
  fetch(`${server.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

interface AuditPage {
  events: Array<{ id: number; action: string; subject: string; actorId: string; actor: { id: string; name: string | null }; hash: string }>;
  next: number | null;
  head: { count: number; hash: string };
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
  server.cleanup();
});

describe('the audit log of a running server', () => {
  it('records each logged update as an event by the authenticated member, and verifies', async () => {
    const ana = await server.token('member', 'Ana Auditada');
    const before = (await (await get('/api/audit/head')).json()) as AuditPage['head'];
    const client = connectClient(server.wsBase, ana);
    await client.synced();
    // The client claims to be someone else in its presence; the log must not believe it.
    client.provider.awareness.setLocalStateField('user', { name: 'Beto Impostor', color: '#000000' });
    const heading = epigrafe(article(client.fragment, 3));
    for (const word of ['uno ', 'dos ', 'tres ']) heading.insert(0, word);
    const after = (): Promise<AuditPage['head']> => get('/api/audit/head').then((r) => r.json() as Promise<AuditPage['head']>);
    await waitFor(async () => (await after()).count >= before.count + 3, 10_000, 'three update events');
    client.destroy();

    const auditor = await server.token('auditor', 'Olga Auditora');
    const page = (await (await get(`/api/audit?after=${before.count}&limit=1000`, auditor)).json()) as AuditPage;
    const updates = page.events.filter((e) => e.action === 'update');
    expect(updates.length).toBeGreaterThanOrEqual(3);
    for (const event of updates) {
      expect(event.subject).toMatch(/^cdmx#\d+$/);
      expect(event.actor.name).toBe('Ana Auditada');
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const verdict = await verifyAuditChain(server.carta.store);
    expect(verdict).toMatchObject({ ok: true });
    expect(page.head).toEqual(await after());
  });

  it('pages through events with a cursor, without gaps or repeats', async () => {
    const admin = await server.token('admin', 'Ada Admin');
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = (await (await get(`/api/audit?after=${after}&limit=3`, admin)).json()) as AuditPage;
      seen.push(...page.events.map((e) => e.id));
      if (page.next === null) break;
      after = page.next;
    }
    const head = (await (await get('/api/audit/head')).json()) as AuditPage['head'];
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
    expect(seen.length).toBeGreaterThanOrEqual(head.count - 1);
  });

  it('shows the head to anyone, the events only to auditors and admins', async () => {
    const head = await get('/api/audit/head');
    expect(head.status).toBe(200);
    expect(await head.json()).toMatchObject({ count: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await get('/api/audit')).status).toBe(401);
    for (const role of ['member', 'citizen'] as const) {
      const refused = await get('/api/audit', await server.token(role, `Sin permiso ${role}`));
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'forbidden' });
    }
    const auditor = await server.token('auditor', 'Otra Auditora');
    expect((await get('/api/audit?limit=0', auditor)).status).toBe(400);
    expect((await get('/api/audit?after=x', auditor)).status).toBe(400);
    expect((await fetch(`${server.url}/api/audit/head`, { method: 'POST' })).status).toBe(405);
  });
});
