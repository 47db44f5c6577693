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

// Anything cleanText might change: a C0 control (\r included) or any surrogate. Nearly all text
// has none, and one test is cheaper than three replacements that each build a new string.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const MAYBE_UNCLEAN = /[\u0000-\u0008\u000B-\u001F\uD800-\uDFFF]/;

/** The text with NUL and other C0 controls removed, CR/CRLF → LF, lone surrogates → U+FFFD. */
export function cleanText(text: string): string {
  if (!MAYBE_UNCLEAN.test(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n').replace(C0_CONTROLS, '');
}

/** True when `cleanText` would change nothing (for refusing instead of repairing, e.g. files). */
export function isCleanText(text: string): boolean {
  return cleanText(text) === text;
}

/**
 * Every string inside a parsed JSON value cleaned (keys too); other values kept as they are.
 * What needs no cleaning comes back as it was, not copied (a click's payload is mostly clean).
 */
export function cleanDeep<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = cleanDeep(value[i]);
      if (out === null && item !== value[i]) out = value.slice(0, i);
      out?.push(item);
    }
    return (out ?? value) as T;
  }
  if (value !== null && typeof value === 'object') return cleanObject(value as Record<string, unknown>) as T;
  return value;
}

/** An object's keys and values cleaned; copied only from the first entry that changed (no pairs built). */
function cleanObject(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const k = cleanText(key);
    const item = cleanDeep(value[key]);
    if (out === null && (k !== key || item !== value[key])) {
      out = {};
      for (const before of keys.slice(0, i)) define(out, before, value[before]);
    }
    if (out) define(out, k, item);
  }
  return out ?? value;
}

/** As Object.fromEntries sets it: an own property even for "__proto__" (never the prototype). */
function define(target: Record<string, unknown>, key: string, item: unknown): void {
  Object.defineProperty(target, key, { value: item, enumerable: true, writable: true, configurable: true });
}
