/**
 * The ustar archive the audit download sends and the verifier reads: what the writer makes, the
 * reader lists with each file's bytes where they are; an archive cut at any byte is refused as
 * truncated (never read as a shorter bundle, never a crash); a damaged header is refused.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ustarChunks, ustarHeader, ustarSize } from '../../server/audit/ustar-writer.ts';
import { readUstarIndex, TarError } from '../../verifier/ustar-reader.mjs';

let dir: string;
let archive: Buffer;
const FILES = { 'manifest.json': Buffer.from('{"count":3}\n'), 'events.jsonl': Buffer.from('a\n'.repeat(400)), 'updates.bin': Buffer.alloc(0) };

function index(bytes: Buffer): Map<string, { offset: number; size: number }> {
  const file = path.join(dir, 'probe.tar');
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  try {
    return readUstarIndex(fd);
  } finally {
    closeSync(fd);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'carta-ustar-'));
  const files = Object.entries(FILES).map(([name, bytes]) => {
    writeFileSync(path.join(dir, name), bytes);
    return { name, path: path.join(dir, name), size: bytes.length };
  });
  const chunks: Buffer[] = [];
  for await (const chunk of ustarChunks(files, 1_700_000_000)) chunks.push(chunk);
  archive = Buffer.concat(chunks);
  expect(archive.length).toBe(ustarSize(files));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the ustar archive of a bundle', () => {
  it('lists every file with its bytes where the reader says they are', () => {
    const entries = index(archive);
    expect([...entries.keys()]).toEqual(Object.keys(FILES));
    for (const [name, bytes] of Object.entries(FILES)) {
      const where = entries.get(name);
      expect(where?.size).toBe(bytes.length);
      expect(archive.subarray(where?.offset ?? 0, (where?.offset ?? 0) + bytes.length).equals(bytes)).toBe(true);
    }
  });

  it('is refused as truncated when cut at any byte', () => {
    for (let length = 0; length < archive.length; length++) {
      let refusal: unknown = null;
      try {
        index(archive.subarray(0, length));
      } catch (error) {
        refusal = error;
      }
      expect(refusal, `cut at ${length}`).toBeInstanceOf(TarError);
      expect((refusal as Error).message, `cut at ${length}`).toMatch(/truncated/);
    }
  });

  it('refuses a header whose checksum does not fit, and names that do not fit ustar', () => {
    const damaged = Buffer.from(archive);
    damaged[130] = '7'.charCodeAt(0); // a digit of the first file's size
    expect(() => index(damaged)).toThrow(/does not match its checksum/);
    expect(() => ustarHeader('x'.repeat(101), 1, 0)).toThrow(/cannot be a ustar name/);
    expect(() => ustarHeader('a.bin', 0o100000000000, 0)).toThrow(/at most/);
  });
});
