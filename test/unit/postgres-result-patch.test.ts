// patches/postgres+3.4.10.patch, hunk 12: postgres.js's Result (the array a query resolves to)
// keeps its fields and its species while it is built the cheaper way.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

type ResultClass = new () => unknown[] & Record<string, unknown>;
// Loaded by path: the package's exports name neither file (the app imports `postgres`, which is
// src/ under ESM; cjs/ is the same hunk for require()).
const load = createRequire(import.meta.url);
const ResultEsm = (await import('../../node_modules/postgres/src/result.js' as string))
  .default as ResultClass;
const ResultCjs = load('../../node_modules/postgres/cjs/src/result.js') as ResultClass;

describe.each([
  ['src (ESM)', ResultEsm],
  ['cjs', ResultCjs],
])('postgres.js Result, %s', (_name, Result) => {
  it('has its five fields own, writable and hidden from keys and JSON, null at first', () => {
    const r = new Result() as unknown as unknown[] & Record<string, unknown>;
    r.push({ id: 1 });
    for (const field of ['count', 'state', 'command', 'columns', 'statement']) {
      expect(Object.getOwnPropertyDescriptor(r, field)).toEqual({
        value: null,
        writable: true,
        enumerable: false,
        configurable: false,
      });
    }
    r.count = 1;
    r.command = 'SELECT';
    expect(r.count).toBe(1);
    expect(Object.keys(r)).toEqual(['0']);
    expect(JSON.stringify(r)).toBe('[{"id":1}]');
    expect(Array.isArray(r)).toBe(true);
    // Each result its own fields: writing one leaves a fresh one as it was.
    expect((new Result() as unknown as Record<string, unknown>).count).toBeNull();
  });

  it('makes plain arrays from map, filter, slice and concat (its species is Array)', () => {
    const r = new Result() as unknown as number[] & { count: number | null };
    r.push(1, 2, 3);
    r.count = 3;
    expect((Result as unknown as Record<symbol, unknown>)[Symbol.species]).toBe(Array);
    for (const made of [r.map((x) => x * 2), r.filter((x) => x > 1), r.slice(1), r.concat([4])]) {
      expect(made.constructor).toBe(Array);
      expect(Object.getPrototypeOf(made)).toBe(Array.prototype);
      expect(Object.getOwnPropertyNames(made)).not.toContain('count');
    }
    expect(r.map((x) => x * 2)).toEqual([2, 4, 6]);
  });
});

// What the hunk is for: with `static get [Symbol.species]` V8 marked the constructor for
// optimisation, compiled it and threw the code away ("dependency change") again and again.
describe('postgres.js Result under V8', () => {
  it('is optimised once, not compiled and thrown away over and over', () => {
    const file = fileURLToPath(new URL('../../node_modules/postgres/src/result.js', import.meta.url));
    const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then(({ default: Result }) => {
      let n = 0;
      for (let i = 0; i < 300000; i++) { const r = new Result(); r.count = i; r.push(i); n += r.length; }
      console.log('made', n);
    })`;
    const out = execFileSync(process.execPath, ['--trace-opt', '-e', script], { encoding: 'utf8' });
    expect(out).toContain('made 300000');
    const aborted = out.split('\n').filter((l) => /aborted optimizing .*<JSFunction Result /.test(l));
    expect(aborted).toEqual([]);
  });
});
