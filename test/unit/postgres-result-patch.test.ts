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

type QueryClass = new (
  strings: readonly string[],
  args: unknown[],
  handler: () => void,
  canceller: undefined,
) => Promise<unknown> & { resolve(x: unknown): void };
const QueryEsm = (await import('../../node_modules/postgres/src/query.js' as string)).Query as QueryClass;
const QueryCjs = load('../../node_modules/postgres/cjs/src/query.js').Query as QueryClass;

describe.each([
  ['src (ESM)', QueryEsm],
  ['cjs', QueryCjs],
])('postgres.js Query, %s', (_name, Query) => {
  it('chains into plain promises (its species is Promise)', async () => {
    const q = new Query(['select 1'], [], () => {}, undefined);
    expect((Query as unknown as Record<symbol, unknown>)[Symbol.species]).toBe(Promise);
    const chained = Promise.prototype.then.call(q, (x) => x);
    expect(chained.constructor).toBe(Promise);
    q.resolve(7);
    await expect(chained).resolves.toBe(7);
  });
});

// What the hunk is for: with `static get [Symbol.species]` V8 marked the constructor for
// optimisation, compiled it and threw the code away ("dependency change") again and again.
describe('postgres.js Result under V8', () => {
  it.each([
    ['Result', 'result.js', 'default', 'const r = new C(); r.count = i; r.push(i); n += r.length;'],
    ['Query', 'query.js', 'Query', "const q = new C(['select 1'], [], h, undefined); n += q.active ? 0 : 1;"],
  ])('%s is optimised once, not compiled and thrown away over and over', (name, file, exported, make) => {
    const path = fileURLToPath(new URL(`../../node_modules/postgres/src/${file}`, import.meta.url));
    const script = `import(${JSON.stringify(pathToFileURL(path).href)}).then((m) => {
      const C = m[${JSON.stringify(exported)}], h = () => {};
      let n = 0;
      for (let i = 0; i < 300000; i++) { ${make} }
      console.log('made', 300000);
    })`;
    const out = execFileSync(process.execPath, ['--trace-opt', '-e', script], { encoding: 'utf8' });
    expect(out).toContain('made 300000');
    const aborted = out
      .split('\n')
      .filter((l) => l.includes(`aborted optimizing`) && l.includes(`<JSFunction ${name} `));
    expect(aborted).toEqual([]);
  });
});
