// On Node 20 an object literal that adds keys after a spread (`{ ...base, question, score }`) makes
// its object's shape anew every time: ~2.5 µs per added key in isolation, where
// `Object.assign({}, base, { question, score })` builds the same object (the same keys, in the
// same order) in ~0.15 µs (docs/core-speed.md, h/botcpu). The files below run for every change
// delivered, every card rendered or every command: they build such objects with Object.assign. A spread *after* the
// keys (`{ id, ...rest }`) is not slow and is not matched.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const HOT = [
  'src/app/notifications.ts',
  'src/app/ping-notifications.ts',
  'src/app/delivery-plan.ts',
  'src/app/chat-delivery.ts',
  'src/app/incident-change.ts',
  'src/app/card-caption.ts',
  'src/app/views/onsite-notices.ts',
  'src/i18n/index.ts',
  'src/app/views/inputs.ts',
  'adapters/slack/web-fetch.ts',
  'adapters/slack/elements.ts',
  'adapters/slack/one-click-blocks.ts',
  'adapters/slack/knowledge-blocks.ts',
];

/** The source without comments (block comments, and line comments after whitespace). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');

/** `{ ...expr, key` — a literal that adds a key after its first spread (not a second spread). */
const KEYS_AFTER_SPREAD = /(?<![\w)\]])\{\s*\.\.\.([^,{}()[\]]+(?:\([^()]*\))?),\s*(?!\.\.\.)[A-Za-z_'"[]/g;

function keysAfterSpread(text: string): string[] {
  const source = code(text);
  return [...source.matchAll(KEYS_AFTER_SPREAD)].map((m) => {
    const line = source.slice(0, m.index).split('\n').length;
    return `line ${line}: ${m[0].replace(/\s+/g, ' ')}`;
  });
}

describe('hot paths build objects without keys after a spread', () => {
  it('finds the slow shape it is meant to find', () => {
    expect(keysAfterSpread('const p = { ...base, question: q };')).toHaveLength(1);
    expect(keysAfterSpread('const p = {\n  ...placement(a, b),\n  card,\n};')).toHaveLength(1);
    expect(keysAfterSpread('const p = { id, ...rest };')).toEqual([]);
    expect(keysAfterSpread('const p = Object.assign({}, base, { question: q });')).toEqual([]);
    expect(keysAfterSpread('// { ...base, question }\nconst x = 1;')).toEqual([]);
  });

  it.each(HOT)('%s', (file) => {
    expect(keysAfterSpread(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
