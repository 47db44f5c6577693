// The Teams inputs' choices are made once per frozen (configuration) option list: a card must
// still show each list's own choices, and a list built per view is read afresh every time.
import { describe, expect, it } from 'vitest';
import { inputElements } from '../../adapters/teams/form-cards.js';
import type { ViewInput } from '../../src/app/views/incident-view.js';

const ctx = { locale: 'en' as const, timeZone: 'UTC' };
const select = (options: { value: string; label: string }[]): ViewInput =>
  ({ kind: 'select', name: 'team', label: 'Team', required: true, options, initial: null }) as ViewInput;
const choices = (input: ViewInput) => inputElements('assign', input, undefined, ctx)[0]?.choices;

describe('Teams select choices', () => {
  it('shows each frozen list its own choices, the same on every card', () => {
    const a = Object.freeze([Object.freeze({ value: 'net', label: 'Network' })]);
    const b = Object.freeze([Object.freeze({ value: 'db', label: 'Database' })]);
    expect(choices(select(a as never))).toEqual([{ title: 'Network', value: 'net' }]);
    expect(choices(select(b as never))).toEqual([{ title: 'Database', value: 'db' }]);
    expect(choices(select(a as never))).toEqual([{ title: 'Network', value: 'net' }]);
  });

  it('reads a list that is not frozen afresh each time', () => {
    const list = [{ value: 'net', label: 'Network' }];
    expect(choices(select(list))).toEqual([{ title: 'Network', value: 'net' }]);
    list.push({ value: 'db', label: 'Database' });
    expect(choices(select(list))).toEqual([
      { title: 'Network', value: 'net' },
      { title: 'Database', value: 'db' },
    ]);
  });
});
