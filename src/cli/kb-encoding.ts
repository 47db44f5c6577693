// Bytes of an imported file → text. UTF-8 (with or without BOM) is read as is; a file that
// starts with a UTF-16 byte-order mark — Excel's "Unicode text", common for Chinese data — is
// read as UTF-16 LE or BE; a file that is not valid UTF-8 but reads cleanly as GB18030 — what
// Chinese Excel saves as "CSV" — is read as that; `--encoding` names any encoding iconv-lite
// knows. Bytes that still do not decode become U+FFFD, which validation reports by row
// (knowledge-import.ts), never silently.
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** The encoding used. */
  encoding: string;
  /** True when the encoding was detected rather than UTF-8 or given. */
  detected: boolean;
  /**
   * Set when the bytes look like UTF-16 without a byte-order mark (NUL bytes in every other
   * place): read as UTF-8 they are noise, so the importer says which `--encoding` to try.
   */
  looksLike?: 'utf-16le' | 'utf-16be';
}

export class EncodingError extends Error {}

export function decodeFile(bytes: Uint8Array, encoding?: string): Decoded {
  // A view, not Buffer.from(bytes): that copies, and a 22 MB file is read as UTF-8 without it.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding) {
    if (!iconv.encodingExists(encoding)) throw new EncodingError(encoding);
    return { text: stripBom(iconv.decode(buffer, encoding)), encoding, detected: false };
  }
  const bom = utf16Bom(buffer);
  // iconv-lite drops the BOM itself (stripBOM defaults to true).
  if (bom) return { text: iconv.decode(buffer, bom), encoding: bom, detected: true };
  try {
    const text = stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const looksLike = utf16Guess(buffer);
    return { text, encoding: 'utf-8', detected: false, ...(looksLike ? { looksLike } : {}) };
  } catch {
    const gb = iconv.decode(buffer, 'gb18030');
    if (!gb.includes('\uFFFD') && /\p{Script=Han}/u.test(gb))
      return { text: stripBom(gb), encoding: 'gb18030', detected: true };
    const looksLike = utf16Guess(buffer);
    return {
      text: stripBom(new TextDecoder('utf-8').decode(bytes)),
      encoding: 'utf-8',
      detected: false,
      ...(looksLike ? { looksLike } : {}),
    };
  }
}

const stripBom = (text: string) => text.replace(/^\uFEFF/, '');

function utf16Bom(b: Buffer): 'utf-16le' | 'utf-16be' | null {
  // FF FE 00 00 is UTF-32 LE's mark, which no spreadsheet writes; it is not taken for UTF-16.
  if (b[0] === 0xff && b[1] === 0xfe && !(b[2] === 0 && b[3] === 0)) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a mark: in its first 4 kB, at least one byte in 20 is NUL and nearly all of
 * them sit on odd (LE: the high byte of ASCII) or even (BE) offsets. Text has no NULs like that;
 * a Chinese UTF-16 file (few NULs) still has them in its separators, digits and line ends.
 */
function utf16Guess(b: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096);
  let odd = 0;
  let even = 0;
  for (let i = 0; i < n; i++) if (b[i] === 0) i % 2 ? odd++ : even++;
  if (odd + even < Math.max(4, n / 20)) return null;
  if (odd >= 0.9 * (odd + even)) return 'utf-16le';
  return even >= 0.9 * (odd + even) ? 'utf-16be' : null;
}
