// `interpolate` splits each template at its placeholders once and keeps the pieces (docs/
// teams-speed.md, h/teamsalloc). It must write exactly what the regular expression on every call
// wrote: checked here against that implementation, kept as the oracle, for every catalog template
// and for templates made to hit each rule (a value's own full stop, the space between Chinese).
import { describe, expect, it } from 'vitest';
import { catalogs, interpolate, type Params } from '../../src/i18n/index.js';

const PLACEHOLDER = /\{(\w+)\}([。．.！!？?])?/g;
const ENDS_SENTENCE = /[。．.！!？?]$/;
const LATIN_STOP = /[.!?]$/;
const HAN = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;

/** The implementation before the pieces were kept (main 0e68ce0), with h/fixslacktext's rule
 *  for a value ending its own sentence the Latin way before Chinese. */
function oracle(template: string, params?: Params): string {
  if (!params || !template.includes('{')) return template;
  let out = '';
  let from = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const [whole, name, stop] = m;
    const at = m.index;
    const value = params[name as string];
    let before = template.slice(from, at);
    from = at + whole.length;
    if (value === undefined) {
      out += before + whole;
      continue;
    }
    const text = String(value);
    const prior = before.length > 1 ? before.at(-2) : out.at(-1);
    if (before.endsWith(' ') && prior && HAN.test(prior) && HAN.test(text.charAt(0)))
      before = before.slice(0, -1);
    out += before + (stop && !ENDS_SENTENCE.test(text) ? text + stop : text);
    if (stop && LATIN_STOP.test(text) && HAN.test(template.charAt(from))) out += ' ';
    const next = template.charAt(from + 1);
    if (!stop && template[from] === ' ' && HAN.test(next) && HAN.test(text.charAt(text.length - 1)))
      from += 1;
  }
  return out + template.slice(from);
}

const VALUES: (string | number | undefined)[] = [
  'Alice',
  '网络组',
  '均正常。',
  '为什么？',
  'cable cut.',
  'ERP 组',
  '组 A',
  '',
  ' ',
  7,
  undefined,
];
const MADE = [
  '{a} {b}',
  '甲 {a} 乙 {b} 丙',
  '甲 {a} {b} 丙',
  '{a}。 {b}',
  '{a} 中{b} 文',
  ' {a} ',
  '中 {a}',
  '{a} 中',
  'x {a}. y {b}!',
  '{{a}}',
  '{a}{b}{a}',
  '{not closed',
  '{-}',
  '原因：{a}。下一步 {b}。',
  '已转交 {a} 处理，{b} 跟进',
];

function namesOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

function* paramSets(names: string[]): Generator<Params | undefined> {
  yield undefined;
  yield {};
  for (const v of VALUES)
    for (const w of VALUES) {
      const p: Record<string, string | number> = {};
      names.forEach((n, i) => {
        const x = i % 2 === 0 ? v : w;
        if (x !== undefined) p[n] = x;
      });
      yield p;
    }
}

describe('interpolate', () => {
  it('writes what the regular expression on every call wrote, for every catalog template', () => {
    let checked = 0;
    for (const catalog of Object.values(catalogs))
      for (const template of Object.values(catalog) as string[]) {
        if (!template.includes('{')) continue;
        for (const params of paramSets(namesOf(template))) {
          expect(interpolate(template, params), template).toBe(oracle(template, params));
          expect(interpolate(template, params), template).toBe(oracle(template, params)); // kept pieces
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(1_000);
  });

  it('writes the same for templates made to hit each rule', () => {
    for (const template of MADE)
      for (const params of paramSets(['a', 'b']))
        expect(interpolate(template, params), `${template} ${JSON.stringify(params)}`).toBe(
          oracle(template, params),
        );
  });

  it('leaves out the space between Chinese on both sides of a value, and keeps it otherwise', () => {
    expect(interpolate('已转交 {team} 处理', { team: '网络组' })).toBe('已转交网络组处理');
    expect(interpolate('已转交 {team} 处理', { team: 'ERP' })).toBe('已转交 ERP 处理');
    expect(interpolate('甲 {a} 乙 {b} 丙', { a: '网络', b: '组' })).toBe('甲网络乙组丙');
  });
});
