// Text from outside (chat payloads, imported files) is cleaned once, where it enters: PostgreSQL
// refuses NUL in text and lone UTF-16 surrogates in UTF-8, so such text would fail a command after
// the platform was already answered — and every retry with it. C0 controls other than tab and
// newline carry nothing a person meant to write; a carriage return becomes a newline.

// Every C0 control but \t (09) and \n (0A); \r (0D) is handled first.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const C0_CONTROLS = /[\u0000-\u0008\u000B-\u001F]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one. (Node 20
// has String#toWellFormed, but the ES2023 lib we compile against keeps Node-21-only APIs out.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with NUL and other C0 controls removed, CR/CRLF → LF, lone surrogates → U+FFFD. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n').replace(C0_CONTROLS, '');
}

/** True when `cleanText` would change nothing (for refusing instead of repairing, e.g. files). */
export function isCleanText(text: string): boolean {
  return cleanText(text) === text;
}

/** Every string inside a parsed JSON value cleaned (keys too); other values kept as they are. */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((item) => cleanDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[cleanText(key)] = cleanDeep(item);
    return out as T;
  }
  return value;
}
