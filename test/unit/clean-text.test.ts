import { describe, expect, it } from 'vitest';
import { cleanDeep, cleanText, isCleanText } from '../../src/core/clean-text.js';

describe('cleanText', () => {
  it('removes NUL and C0 controls, keeps tab and newline', () => {
    expect(cleanText('a\u0000b\u0007c\td\ne\u001Bf')).toBe('abc\td\nef');
  });
  it('turns CR and CRLF into LF', () => {
    expect(cleanText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });
  it('replaces lone surrogates with U+FFFD and keeps real pairs', () => {
    expect(cleanText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
    expect(cleanText('邮件 😀')).toBe('邮件 😀');
  });
  it('says whether text is already clean', () => {
    expect(isCleanText('打印机坏了\n')).toBe(true);
    expect(isCleanText('bad\u0000')).toBe(false);
  });
  it('cleans every string of a JSON value, keys included', () => {
    expect(cleanDeep({ a: ['x\u0000', 1, null, { 'k\u0001': 'v\uD800' }], b: true })).toEqual({
      a: ['x', 1, null, { k: 'v\uFFFD' }],
      b: true,
    });
  });
  it('hands back what needed no cleaning as it was, and never changes its input', () => {
    const clean = { a: ['x', 1, { k: 'v' }], b: { c: '打印机' } };
    expect(cleanDeep(clean)).toBe(clean);
    const dirty = { a: ['x', 1, { k: 'v' }], b: { c: 'y\r\nz' }, d: ['ok', 'n\u0000o'] };
    const before = structuredClone(dirty);
    const out = cleanDeep(dirty);
    expect(out).toEqual({ a: ['x', 1, { k: 'v' }], b: { c: 'y\nz' }, d: ['ok', 'no'] });
    expect(dirty).toEqual(before);
    expect(out.a).toBe(dirty.a);
  });
  it('keeps a "__proto__" key of a payload an own property of the copy, as JSON.parse made it', () => {
    const parsed = JSON.parse('{"__proto__":{"x":"y"},"a":"b\\u0000","c":"d"}') as Record<string, unknown>;
    const out = cleanDeep(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a', 'c']);
    expect(out).toEqual({ ['__proto__']: { x: 'y' }, a: 'b', c: 'd' });
  });
});
