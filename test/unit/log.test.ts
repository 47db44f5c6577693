// The error serializer every log line goes through (src/app/log.ts): codes and schema names in,
// values out — whatever field or message the error carried them in.
import { describe, expect, it } from 'vitest';
import { codesOnly, createLogger, safeError } from '../../src/app/log.js';
import { DomainError } from '../../src/core/errors.js';

const WORDS = 'Printer on fire, Wang Fang';

describe('safeError', () => {
  it("keeps a domain error's code, not its params (a person's name, a typed value)", () => {
    const out = safeError(new DomainError('already_done', { by: WORDS }));
    expect(out).toMatchObject({ type: 'DomainError', message: 'already_done' });
    expect(JSON.stringify(out)).not.toContain('Wang Fang');
  });

  it("drops a driver error's detail, query and parameters (postgres.js in debug mode, PGlite)", () => {
    const err = Object.assign(new Error('new row for relation "incidents" violates check constraint "c"'), {
      name: 'PostgresError',
      code: '23514',
      constraint_name: 'c',
      detail: `Failing row contains (1, ${WORDS}).`,
      where: `SQL statement with ${WORDS}`,
      query: 'insert into incidents values ($1, $2)',
      parameters: ['1', WORDS],
      args: [WORDS],
    });
    const wrapped = new Error(`Failed query: insert\nparams: 1,${WORDS}`, { cause: err });
    Object.assign(wrapped, { query: 'insert', params: ['1', WORDS] });
    const out = safeError(wrapped);
    expect(out).toMatchObject({ cause: { type: 'PostgresError', code: '23514', constraint_name: 'c' } });
    expect(JSON.stringify(out)).not.toContain('Wang Fang');
  });

  it("follows Bolt's `original` and keeps ordinary errors as they are", () => {
    const out = safeError(Object.assign(new Error('listener failed'), { original: new Error('ECONNRESET') }));
    expect(out).toMatchObject({ message: 'listener failed', cause: { message: 'ECONNRESET' } });
  });
});

describe('createLogger', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, stream: { write: (line: string) => void lines.push(line) } };
  };
  const wrapped = () =>
    Object.assign(new Error('Failed query'), {
      cause: Object.assign(new Error('x'), { name: 'PostgresError', code: '23514', detail: WORDS }),
    });

  it('writes JSON lines when not on a terminal', () => {
    const { lines, stream } = capture();
    createLogger('info', stream, false).info({ incident: 'INC-000001' }, 'registered');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      incident: 'INC-000001',
      msg: 'registered',
    });
  });

  it("on a terminal, readable lines — still without people's words", () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream, true);
    log.info({ incident: 'INC-000001' }, 'registered');
    log.error({ err: wrapped() }, 'commit failed');
    const text = lines.join('');
    expect(() => JSON.parse(lines[0] ?? '')).toThrow();
    expect(text).toMatch(/INFO.*registered/);
    expect(text).toContain('INC-000001');
    expect(text).toContain('23514');
    expect(text).not.toContain('Wang Fang');
  });
});

describe('codesOnly', () => {
  it("keeps the type and codes of an error and its causes, not a message or stack (a parse error quoting a person's words)", () => {
    const driver = Object.assign(new Error(`invalid input syntax for type integer: "${WORDS}"`), {
      name: 'PostgresError',
      code: '22P02',
    });
    const out = codesOnly(new SyntaxError(`Unexpected token in "${WORDS}"`, { cause: driver }));
    expect(out).toEqual({
      type: 'SyntaxError',
      frames: expect.stringMatching(/^ {4}at .*log\.test\.ts/),
      cause: { type: 'PostgresError', code: '22P02', frames: expect.stringMatching(/^ {4}at /) },
    });
    const lines: string[] = [];
    createLogger('info', { write: (line: string) => void lines.push(line) }, false).error(
      { err: out },
      'failed',
    );
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ err: { type: 'SyntaxError' } });
    expect(lines.join('')).not.toContain('Wang Fang');
  });

  it("keeps the frames after the error's own head only, even when a message ends in lines shaped like frames", () => {
    const shaped = new Error(`line one\n    at ${WORDS}\nmore words\n    at Secret (${WORDS} 9000:1:2)`);
    const { frames } = codesOnly(shaped) as { frames: string };
    expect(frames.split('\n')[0]).toMatch(/^ {4}at .*log\.test\.ts:\d+:\d+\)?$/);
    expect(frames).not.toContain('Wang Fang');
    expect(frames).not.toContain('more words');
    // A stack that does not start with the error's own head (set by hand): no frames at all.
    const handMade = new Error('first');
    handMade.stack = `Error: ${WORDS}\n    at Secret (${WORDS}:1:2)`;
    handMade.message = 'other';
    expect(codesOnly(handMade)).not.toHaveProperty('frames');
  });
});
