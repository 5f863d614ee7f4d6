/** The links CSV as a spreadsheet receives it over HTTP: the bytes start with a UTF-8 byte-order mark. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  server.cleanup();
});

it('sends the links CSV with a byte-order mark before the header, so that Excel reads it as UTF-8', async () => {
  const response = await fetch(`${server.url}/api/documents/cdmx/provenance/export?format=csv`);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.subarray(3, 30).toString('utf8')).toMatch(/^link_id,doc_id,/);
});
