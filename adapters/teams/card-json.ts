// A card's JSON, made once. The size check needs it (Teams refuses cards over its limit) and so
// does the invoke answer that carries the card: the answer reuses the check's string instead of
// serialising the same card again. Cards are never changed once built (the renderer returns a
// fresh object per render, and wrappers such as `withBanner` copy), so the string stays true.
import type { Json } from './card-parts.js';

const made = new WeakMap<object, string>();

/** The card's JSON, kept for the answer that will carry it. */
export function cardJson(card: Json): string {
  let json = made.get(card);
  if (json === undefined) {
    json = JSON.stringify(card);
    made.set(card, json);
  }
  return json;
}

/** UTF-8 bytes of a JSON string; a string short enough cannot exceed `limit`, so is not counted. */
export const jsonFits = (json: string, limit: number): boolean =>
  json.length * 3 <= limit || Buffer.byteLength(json, 'utf8') <= limit; // ≤ 3 bytes per UTF-16 unit

/**
 * JSON.stringify(body), byte for byte, in pieces: the JSON of any card among its top-level values
 * is taken from `cardJson` (an invoke answer is `{ statusCode, type, value: card }`).
 */
export function answerPieces(body: unknown): string[] {
  const whole = (): string[] => {
    const json = JSON.stringify(body);
    return json === undefined ? [] : [json];
  };
  if (!isPlainObject(body)) return whole();
  const keys = Object.keys(body);
  if (!keys.some((key) => made.has(body[key] as object))) return whole();
  const pieces: string[] = [];
  let head = '{';
  for (const key of keys) {
    const value = body[key];
    // A value's own toJSON is called with its key: only JSON.stringify(body) does that right.
    if (hasToJson(value) && !made.has(value)) return whole();
    const known = made.get(value as object);
    const text = known ?? JSON.stringify(value);
    if (text === undefined) continue; // undefined, functions and symbols: left out, as JSON does
    head += `${head === '{' ? '' : ','}${JSON.stringify(key)}:`;
    if (known === undefined) head += text;
    else {
      pieces.push(head, known);
      head = '';
    }
  }
  pieces.push(`${head}}`);
  return pieces;
}

const hasToJson = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && typeof (value as Json).toJSON === 'function';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !hasToJson(value);
}
