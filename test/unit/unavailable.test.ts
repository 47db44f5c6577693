// Which failures are "the database is unavailable" (the plain "not saved, try again in a minute"
// answer) and which are not: decided from codes, through drizzle's and Node's wrappers.
import { describe, expect, it } from 'vitest';
import { databaseUnavailableCode, isDatabaseUnavailable } from '../../src/app/unavailable.js';
import { DomainError } from '../../src/core/errors.js';

const coded = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

describe('databaseUnavailableCode', () => {
  it.each([
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'CONNECT_TIMEOUT',
    'ECONNREFUSED',
    'ECONNRESET',
    '57P01',
    '57P03',
    '08006',
  ])('%s is an outage', (code) => {
    expect(databaseUnavailableCode(coded(code))).toBe(code);
  });

  it('looks through drizzle’s wrapper (cause) and Node’s AggregateError (errors)', () => {
    const wrapped = Object.assign(new Error('Failed query: insert … params: Printer on fire'), {
      cause: new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect'),
    });
    expect(databaseUnavailableCode(wrapped)).toBe('ECONNREFUSED');
  });

  it.each([
    ['a constraint violation', coded('23505')],
    ['a wrong password', coded('28P01')],
    ['a domain error', new DomainError('forbidden', {})],
    ['a plain error', new Error('boom')],
    ['not an error', 'CONNECTION_CLOSED'],
    ['an object with errors that is not a list', Object.assign(new Error('x'), { errors: { a: 1 } })],
  ])('%s is not', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
