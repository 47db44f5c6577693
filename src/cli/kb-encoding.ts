// Bytes of an imported file → text. UTF-8 (with or without BOM) is read as is; a file that is
// not valid UTF-8 but reads cleanly as GB18030 — what Chinese Excel saves as "CSV" — is read as
// that; `--encoding` names any encoding iconv-lite knows. Bytes that still do not decode become
// U+FFFD, which validation reports by row (knowledge-import.ts), never silently.
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** The encoding used. */
  encoding: string;
  /** True when the encoding was detected rather than UTF-8 or given. */
  detected: boolean;
}

export class EncodingError extends Error {}

export function decodeFile(bytes: Uint8Array, encoding?: string): Decoded {
  if (encoding) {
    if (!iconv.encodingExists(encoding)) throw new EncodingError(encoding);
    return { text: stripBom(iconv.decode(Buffer.from(bytes), encoding)), encoding, detected: false };
  }
  try {
    return {
      text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)),
      encoding: 'utf-8',
      detected: false,
    };
  } catch {
    const gb = iconv.decode(Buffer.from(bytes), 'gb18030');
    if (!gb.includes('\uFFFD') && /\p{Script=Han}/u.test(gb))
      return { text: stripBom(gb), encoding: 'gb18030', detected: true };
    return { text: stripBom(new TextDecoder('utf-8').decode(bytes)), encoding: 'utf-8', detected: false };
  }
}

const stripBom = (text: string) => text.replace(/^\uFEFF/, '');
