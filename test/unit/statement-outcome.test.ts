// How a failed one-statement write is classified (db/statement-outcome.ts): an answer that ends
// the session (57P01/57P02, or severity FATAL/PANIC whatever the code) may follow a durable
// commit, so its outcome is unknown and the locked path must not write the command again; any
// other answer, or no connection made, means nothing was written.
import { describe, expect, it } from 'vitest';
import { statementOutcome } from '../../db/statement-outcome.js';
import { isDatabaseUnavailable } from '../../src/app/unavailable.js';

/** A postgres.js PostgresError as drizzle wraps it (the driver's error in `cause`). */
const answered = (code: string, severity: string) => {
  const pg = Object.assign(new Error('server said no'), { code, severity, severity_local: severity });
  return new Error('Failed query', { cause: pg });
};
const socket = (code: string) => Object.assign(new Error(code), { code });
const outcome = (err: unknown) => statementOutcome(err, isDatabaseUnavailable);

describe('the outcome of a failed one-statement write', () => {
  it('is unknown when the server ended the session or itself, whatever the SQLSTATE', () => {
    expect(outcome(answered('57P01', 'FATAL'))).toBe('unknown');
    expect(outcome(answered('57P02', 'FATAL'))).toBe('unknown');
    expect(outcome(answered('XX000', 'FATAL'))).toBe('unknown');
    expect(outcome(answered('58P01', 'PANIC'))).toBe('unknown');
    expect(outcome(answered('53100', 'PANIC'))).toBe('unknown');
  });

  it('is unknown when the connection was lost after the statement could have been sent', () => {
    expect(outcome(socket('ECONNRESET'))).toBe('unknown');
    expect(outcome(socket('CONNECTION_CLOSED'))).toBe('unknown');
  });

  it('is "not written" for any ERROR answer (a miss, a refusal) and when no connection was made', () => {
    expect(outcome(answered('22012', 'ERROR'))).toBe('not_written');
    expect(outcome(answered('23505', 'ERROR'))).toBe('not_written');
    expect(outcome(answered('40001', 'ERROR'))).toBe('not_written');
    expect(outcome(answered('XX000', 'ERROR'))).toBe('not_written');
    expect(outcome(socket('ECONNREFUSED'))).toBe('not_written');
    expect(outcome(socket('CONNECT_TIMEOUT'))).toBe('not_written');
  });

  it('is neither for an error that is no database failure', () => {
    expect(outcome(new TypeError('a bug'))).toBeNull();
  });
});
