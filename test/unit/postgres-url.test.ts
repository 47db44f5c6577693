// DATABASE_URL read as libpq reads it: a `host` parameter naming a directory is a Unix socket.
import { describe, expect, it } from 'vitest';
import { postgresTarget } from '../../db/postgres-url.js';
import { databaseTarget } from '../../db/reach.js';

describe('postgresTarget', () => {
  it('moves a socket directory from the URL into the driver options', () => {
    const t = postgresTarget(
      'postgres://bot:secret@localhost:5433/itss?host=/var/run/postgresql&sslmode=disable',
    );
    expect(t.options).toEqual({ host: '/var/run/postgresql' });
    // Any other parameter stays: postgres.js would send `host` to the server as a setting.
    expect(new URL(t.url).searchParams.has('host')).toBe(false);
    expect(new URL(t.url).searchParams.get('sslmode')).toBe('disable');
    expect(new URL(t.url).port).toBe('5433'); // the socket file is .s.PGSQL.5433
    expect(databaseTarget('postgres://bot@localhost:5433/itss?host=/var/run/postgresql')).toBe(
      '/var/run/postgresql:5433',
    );
  });

  it('leaves a TCP URL alone', () => {
    const url = 'postgres://bot@db.example:5432/itss?host=db2.example';
    expect(postgresTarget(url)).toEqual({ url, options: {} });
    expect(postgresTarget('postgres://bot@127.0.0.1/itss')).toEqual({
      url: 'postgres://bot@127.0.0.1/itss',
      options: {},
    });
  });
});
