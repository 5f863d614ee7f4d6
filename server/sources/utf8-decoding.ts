/**
 * Strict UTF-8 decoding of an uploaded file. A lossy decoder would turn a wrongly encoded file
 * (Latin-1 from a spreadsheet, say) into text full of U+FFFD and import it as if it were fine; this
 * refuses it instead and says where the first bad byte is, so the person can re-save the file.
 */
export type DecodedText = { ok: true; text: string } | { ok: false; offset: number; line: number; reason: string };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The text of `bytes` without a byte-order mark, or where and why it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const byte = bytes[offset];
    return {
      ok: false,
      offset,
      line,
      reason: `the file is not UTF-8: byte ${offset}${byte === undefined ? ' (end of file, a truncated character)' : ` (0x${byte.toString(16).padStart(2, '0')})`} on line ${line} is not valid UTF-8; save the file as UTF-8 and try again`,
    };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return i;
    i += need + 1;
  }
  return bytes.length;
}
