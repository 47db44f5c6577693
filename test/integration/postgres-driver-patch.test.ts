// The postgres.js crash behind a PostgreSQL outage, reproduced deterministically without stopping
// any server: our own session of the shared test database is ended with pg_terminate_backend
// while a transaction's callback is between two queries (as a command is between its reads and
// writes). Unpatched 3.4.10 then writes the callback's next query to the null socket from a
// setImmediate — `TypeError: Cannot read properties of null (reading 'write')`, an uncaught
// exception that kills the process (here: vitest reports an unhandled error and the run fails).
// patches/postgres+3.4.10.patch (porsager/postgres#1154, fix PRs #1168/#1176) rejects it instead,
// and never lets the dead transaction's tail run on the connection's next session.
import { type AddressInfo, createServer, type Server, Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUnavailableCode } from '../../src/app/unavailable.js';
import { testDatabaseUrl, uniqueSchemaName } from '../support/databases.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('postgres.js: a transaction whose connection was closed under it', () => {
  const schema = uniqueSchemaName('drv');
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  const sql = postgres(testDatabaseUrl, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  beforeAll(async () => {
    await admin.unsafe(`CREATE SCHEMA "${schema}"`);
    await admin.unsafe(`CREATE TABLE "${schema}".t (id serial primary key, v text)`);
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await sql.end({ timeout: 1 });
    await admin.unsafe(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
  });

  it('rejects the callback’s next queries instead of crashing, and writes nothing of them', async () => {
    let pid = 0;
    const next: Promise<unknown>[] = [];
    let callbackDone: () => void = () => {};
    const finished = new Promise<void>((r) => {
      callbackDone = r;
    });
    const tx = sql.begin(async (t) => {
      [{ pid }] = await t`select pg_backend_pid() as pid`;
      await t`insert into t (v) values ('first half')`;
      // The connection goes away between two statements of the command.
      await admin`select pg_terminate_backend(${pid})`;
      await sleep(200);
      // The callback carries on, as drizzle's does: small writes, queued for a setImmediate.
      next.push(t`insert into t (v) values ('second half')`.catch((e: unknown) => e));
      next.push(t`select 1`.catch((e: unknown) => e));
      await sleep(200);
      callbackDone();
    });
    const failure = await tx.then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseUnavailableCode(failure)).not.toBeNull();
    await finished;
    expect(next).toHaveLength(2);
    await sleep(100);
    // Unpatched: [TypeError: Cannot read properties of null (reading 'write')], and the tail hangs.
    expect(uncaught.map(String)).toEqual([]);
    const hung = sleep(5_000).then(() => 'hung');
    const tail = await Promise.all(next.map((p) => Promise.race([p, hung])));
    for (const e of tail) expect(databaseUnavailableCode(e)).not.toBeNull();

    // The pool reconnects by itself; the dead transaction left nothing behind, not even its tail.
    const rows = await sql`select v from t`;
    expect(rows.map((r) => r.v)).toEqual([]);
    await sql`insert into t (v) values ('after')`;
    expect((await sql`select v from t`).map((r) => r.v)).toEqual(['after']);
  });
});

// patches/postgres+3.4.10.patch, hunk 6: BEGIN goes out with the transaction's first queries.
describe('postgres.js: BEGIN pipelined with the first queries of a transaction', () => {
  const schema = uniqueSchemaName('drvb');
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  const sql = postgres(testDatabaseUrl, { max: 2, onnotice: () => {}, connection: { search_path: schema } });
  const write = Socket.prototype.write;
  let writes = 0;

  beforeAll(async () => {
    await admin.unsafe(`CREATE SCHEMA "${schema}"`);
    await admin.unsafe(`CREATE TABLE "${schema}".t (id serial primary key, v text)`);
    await sql`select 1`; // connected: the start-up's writes are not counted
    Socket.prototype.write = function (this: Socket, ...args: Parameters<typeof write>) {
      writes++;
      return write.apply(this, args);
    } as typeof write;
  });
  afterAll(async () => {
    Socket.prototype.write = write;
    await sql.end({ timeout: 1 });
    await admin.unsafe(`DROP SCHEMA "${schema}" CASCADE`);
    await admin.end();
  });

  it('sends BEGIN and the first queries in one write (unpatched: BEGIN alone, then the rest)', async () => {
    writes = 0;
    await sql.begin(async (t) => {
      await Promise.all([t`insert into t (v) values ('a')`, t`select count(*) from t`]);
      await t`select 2`;
    });
    // BEGIN + insert + count, then select 2, then COMMIT.
    expect(writes).toBe(3);
  });

  it('keeps the pipelined queries inside the transaction: a failure rolls them back', async () => {
    await sql`delete from t`;
    const thrown = sql.begin(async (t) => {
      await Promise.all([t`insert into t (v) values ('rolled back')`, t`select 1`]);
      throw new Error('the command failed');
    });
    await expect(thrown).rejects.toThrow('the command failed');
    const failed = sql.begin(async (t) => {
      await Promise.all([t`insert into t (v) values ('rolled back too')`, t`select 1/0`]);
    });
    await expect(failed).rejects.toThrow(/division by zero/);
    expect(await sql`select v from t`).toEqual([]);
  });

  // Hunk 7: a last query sent with COMMIT, not awaited by the callback, that fails.
  it('fails a transaction whose unawaited last query failed (unpatched: COMMIT, a ROLLBACK, "succeeds")', async () => {
    await sql`delete from t`;
    let last: Promise<unknown> = Promise.resolve();
    const committed = sql.begin(async (t) => {
      await t`insert into t (v) values ('rolled back')`;
      last = t`select 1/0`.execute().catch((e: unknown) => e);
    });
    await expect(committed).rejects.toThrow(/division by zero/);
    expect(String(await last)).toMatch(/division by zero/);
    expect(await sql`select v from t`).toEqual([]);
  });

  // Hunk 8: a last query of a few KiB and the COMMIT after it go out in one write.
  it('sends a last query of a few KiB with COMMIT in one write (unpatched: two)', async () => {
    const big = 'x'.repeat(4000);
    await sql.begin(async (t) => {
      await t`insert into t (v) values (${big})`; // prepared: its Parse/Describe not counted below
    });
    writes = 0;
    await sql.begin(async (t) => {
      await t`select 1`;
      void t`insert into t (v) values (${big})`.execute();
    });
    // BEGIN + select 1, then insert + COMMIT.
    expect(writes).toBe(2);
  });
});

// A server that accepts the start-up (AuthenticationOk, ReadyForQuery) and then drops the
// connection at the first query — postgres.js's own array-type lookup, which it starts from the
// first ReadyForQuery without awaiting it. Unpatched, that lookup's rejection is unhandled: under
// Node's default the process dies (seen during a PostgreSQL outage, when a server stopped right
// after accepting a connection). Patched, only the caller's query fails, as a connection error.
describe('postgres.js: a connection lost while it fetches the array types', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = createServer((socket) => {
      let started = false;
      socket.on('error', () => {});
      socket.on('data', () => {
        // The server goes away for good (as in an outage): reconnecting is then refused.
        if (started) {
          server.close();
          return void socket.destroy();
        }
        started = true;
        const auth = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]); // 'R' AuthenticationOk
        const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]); // 'Z' ReadyForQuery, idle
        socket.write(Buffer.concat([auth, ready]));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    if (server.listening) await new Promise<void>((r) => server.close(() => r()));
  });

  it('fails the query as a connection error, and leaves no unhandled rejection', async () => {
    const client = postgres({
      host: '127.0.0.1',
      port,
      user: 'x',
      database: 'x',
      max: 1,
      connect_timeout: 2,
    });
    const failure = await client`select 1`.then(
      () => null,
      (e: unknown) => e,
    );
    await client.end({ timeout: 1 }).catch(() => {});
    await sleep(200); // an unhandled rejection is reported on a later turn
    expect(databaseUnavailableCode(failure)).not.toBeNull();
    expect(unhandled.map(String)).toEqual([]);
  });
});

describe('postgres.js: a prepared statement’s key, made once per text and parameter types (hunk 9)', () => {
  const sql = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  afterAll(() => sql.end({ timeout: 1 }));
  const text = 'SELECT $1 AS x /* hunk 9 */';

  it('prepares a text again for parameters of other types, and once for the same types', async () => {
    expect(await sql.unsafe(text, [true], { prepare: true })).toEqual([{ x: true }]);
    // Keyed by the text alone, this would reuse the statement prepared for a boolean and fail.
    expect(await sql.unsafe(text, ['abc'], { prepare: true })).toEqual([{ x: 'abc' }]);
    for (const value of [false, 'def', true]) await sql.unsafe(text, [value], { prepare: true });
    const [row] = await sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = ${text}`;
    expect(row?.n).toBe(2);
  });
});

describe('postgres.js: a Bind message sized from its parameters first (hunk 10)', () => {
  const sql = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  afterAll(() => sql.end({ timeout: 1 }));
  // 3- and 4-byte UTF-8 (CJK, an emoji's surrogate pair), a combining mark, and 1- and 2-byte text.
  const unicode = '维修工单 🔧 é e\u0301 ß ';
  const big = 'x'.repeat(4 * 2 ** 20);
  const bigUnicode = unicode.repeat(100_000); // ~2 MiB of UTF-16, ~3 MiB of UTF-8
  const bytes = Buffer.from(Array.from({ length: 256 * 64 }, (_, i) => i % 256));

  it.each([
    ['prepared', { prepare: true }],
    ['unnamed', { prepare: false }],
  ] as const)('sends MiB-sized and unicode-heavy values byte for byte (%s)', async (_, options) => {
    const [row] = await sql.unsafe(
      `SELECT $1::text AS big, $2::text AS uni, octet_length($2::text) AS uni_bytes, $3::bytea AS bytes,
              $4::text[] AS texts, $5::int[] AS ints, $6::jsonb AS doc, $7::text AS none, $8::text AS lone`,
      [
        big,
        bigUnicode,
        bytes,
        [unicode, '', big.slice(0, 300)],
        [1, -2, 3],
        { 工单: unicode },
        null,
        'a\ud800b',
      ],
      options,
    );
    expect(row?.big).toBe(big);
    expect(row?.uni).toBe(bigUnicode);
    expect(row?.uni_bytes).toBe(Buffer.byteLength(bigUnicode));
    expect(Buffer.compare(row?.bytes as Buffer, bytes)).toBe(0);
    expect(row?.texts).toEqual([unicode, '', big.slice(0, 300)]);
    expect(row?.ints).toEqual([1, -2, 3]);
    expect(row?.doc).toEqual({ 工单: unicode });
    expect(row?.none).toBeNull();
    expect(row?.lone).toBe('a\ufffdb'); // UTF-8 has no lone surrogate: replaced, as before the patch
  });

  it('sends thousands of parameters of every size, growing past each earlier one', async () => {
    const values = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0 ? null : i % 5 === 0 ? unicode.repeat(i) : 'v'.repeat(i % 300) + i,
    );
    // As JSON: postgres.js reads a NULL element of a text[] result back as 'NULL' (with or without the patch).
    const text = `SELECT to_jsonb(ARRAY[${values.map((_, i) => `$${i + 1}::text`).join(', ')}]) AS v`;
    for (const prepare of [true, false]) {
      const [row] = await sql.unsafe(text, values, { prepare });
      expect(row?.v).toEqual(values);
    }
  });
});
