/**
 * A plain POSIX ustar archive of regular files, streamed: how the audit bundle's three files
 * travel as one download. Only what a bundle needs: short ASCII names, no folders, links or
 * extended headers, so any tar (and the verifier's own reader, verifier/ustar-reader.mjs) reads it.
 */
import { createReadStream } from 'node:fs';

export const TAR_BLOCK = 512;
/** The largest size an 11-digit octal field holds (8 GiB - 1). */
const MAX_SIZE = 0o77777777777;

export interface TarFile {
  /** The name inside the archive (ASCII, at most 100 bytes). */
  name: string;
  /** The file on disk. */
  path: string;
  size: number;
}

function octal(value: number, digits: number): string {
  return `${value.toString(8).padStart(digits, '0')}\0`;
}

/** The 512-byte header of a regular file. */
export function ustarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  if (!/^[\x20-\x7e]{1,100}$/.test(name)) throw new Error(`"${name}" cannot be a ustar name (1–100 printable ASCII characters)`);
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_SIZE) throw new Error(`${name} is ${size} bytes; a ustar entry holds at most ${MAX_SIZE}`);
  const header = Buffer.alloc(TAR_BLOCK);
  header.write(name, 0, 'ascii');
  header.write(octal(0o644, 7), 100, 'ascii');
  header.write(octal(0, 7), 108, 'ascii');
  header.write(octal(0, 7), 116, 'ascii');
  header.write(octal(size, 11), 124, 'ascii');
  header.write(octal(Math.max(0, Math.floor(mtimeSeconds)), 11), 136, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  // The checksum is the sum of the header's bytes with its own field read as eight spaces.
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

function padding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

/** The archive's exact length in bytes (for Content-Length). */
export function ustarSize(files: readonly Pick<TarFile, 'size'>[]): number {
  return files.reduce((total, file) => total + TAR_BLOCK + file.size + padding(file.size), 0) + 2 * TAR_BLOCK;
}

/**
 * The archive as a sequence of chunks: each file's header, its bytes read from disk, the padding
 * to a whole block, and the two empty blocks that end an archive. Stopping the iteration (a client
 * that went away) closes the file being read.
 */
export async function* ustarChunks(files: readonly TarFile[], mtimeSeconds = Date.now() / 1000): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield ustarHeader(file.name, file.size, mtimeSeconds);
    let read = 0;
    for await (const chunk of createReadStream(file.path)) {
      const bytes = chunk as Buffer;
      read += bytes.byteLength;
      // The header announced `size` bytes: a file that grew would shift every later entry.
      if (read > file.size) throw new Error(`${file.path} grew while it was archived`);
      yield bytes;
    }
    if (read !== file.size) throw new Error(`${file.path} shrank while it was archived (${read} of ${file.size} bytes)`);
    const pad = padding(file.size);
    if (pad > 0) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(2 * TAR_BLOCK);
}
