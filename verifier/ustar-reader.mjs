// Reads the table of contents of a POSIX ustar archive (what Carta's "Download audit bundle"
// sends), so that the bundle verifier can check a downloaded .tar without unpacking it. Plain
// JavaScript with node:fs only. It trusts nothing: every header's checksum, magic, size field
// and type is checked, and an archive cut short anywhere (inside a header, inside a file's bytes
// or before the two empty blocks that end every archive) is refused with a message saying where.
import { fstatSync, readSync } from 'node:fs';

const BLOCK = 512;

/** A refusal of the archive itself (not of the chain inside it). */
export class TarError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TarError';
  }
}

function readBlock(fd, position) {
  const block = Buffer.alloc(BLOCK);
  const read = readSync(fd, block, 0, BLOCK, position);
  return read === BLOCK ? block : null;
}

/** A NUL-terminated text field. */
function text(block, start, length) {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

/** An octal number field (digits, then NUL or space padding); null when it is not one. */
function octal(block, start, length) {
  const field = block.subarray(start, start + length);
  // A first byte with the high bit set is GNU's base-256 for sizes over 8 GiB: not ustar.
  if ((field[0] ?? 0) & 0x80) return null;
  const digits = field.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]+$/.test(digits)) return null;
  return Number.parseInt(digits, 8);
}

function checksumFits(block) {
  const stored = octal(block, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  // Some old tars summed signed bytes; both are accepted.
  return stored === unsigned || stored === signed;
}

/**
 * Lists the regular files of the archive open as `fd`: Map name → {offset, size} (where its bytes
 * are in the archive). Folders are skipped. Throws TarError for anything that is not a whole,
 * well-formed ustar archive.
 */
export function readUstarIndex(fd) {
  const archiveSize = fstatSync(fd).size;
  if (archiveSize === 0) throw new TarError('the file is empty: the archive is truncated or was never written');
  const entries = new Map();
  let position = 0;
  for (;;) {
    const header = readBlock(fd, position);
    if (!header) {
      throw new TarError(
        position === archiveSize
          ? `the archive is truncated: it ends at byte ${position} without the two empty blocks that close a tar archive`
          : `the archive is truncated: it ends inside the header at byte ${position}`,
      );
    }
    if (header.every((byte) => byte === 0)) {
      const second = readBlock(fd, position + BLOCK);
      if (!second) throw new TarError(`the archive is truncated: it ends after the first of the two empty blocks that close a tar archive (byte ${position})`);
      if (!second.every((byte) => byte === 0)) throw new TarError(`the header at byte ${position + BLOCK} follows an empty block: the archive is damaged`);
      return entries;
    }
    if (header.toString('latin1', 257, 262) !== 'ustar') throw new TarError(`not a ustar archive: the header at byte ${position} has no "ustar" mark`);
    if (!checksumFits(header)) throw new TarError(`the header at byte ${position} does not match its checksum: the archive is damaged`);
    const prefix = text(header, 345, 155);
    const name = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const size = octal(header, 124, 12);
    if (size === null) throw new TarError(`the header of "${name}" (byte ${position}) has no valid size`);
    const type = String.fromCharCode(header[156] ?? 0);
    const offset = position + BLOCK;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (offset + padded > archiveSize) {
      throw new TarError(`the archive is truncated: "${name}" should hold ${size} bytes from byte ${offset}, the archive ends at byte ${archiveSize}`);
    }
    if (type === '0' || type === '\0') {
      if (entries.has(name)) throw new TarError(`the archive holds "${name}" twice`);
      entries.set(name, { offset, size });
    } else if (type !== '5') {
      throw new TarError(`"${name}" is an entry of type "${type.replace('\0', '\\0')}"; an audit bundle archive holds only plain files (write it as ustar, or check the unpacked folder)`);
    }
    position = offset + padded;
  }
}
