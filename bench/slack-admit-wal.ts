// `npx tsx bench/slack-admit-wal.ts BODY.json [clicks] [batch]`: WAL bytes (pg_current_wal_lsn
// difference, pg_stat_wal's records and full-page images) per acknowledged click, the
// acknowledgement INSERT alone (db/inbox.ts, grouped `batch` at a time) with the stored body of a
// real bench click (BENCH_SLACK_SAMPLE=FILE writes one). Run it alone on the server (DATABASE_URL;
// a private cluster best): pg_stat_wal counts the whole server. Database of its own, dropped after.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/connect.js';
import { createInboxStore } from '../db/inbox.js';
import { queryRows } from '../db/sql-rows.js';
import { createBenchDatabase } from './runs.js';

const raw = readFileSync(process.argv[2] ?? '/tmp/slack-sample.json', 'utf8');
const clicks = Number(process.argv[3] ?? 4000);
const batch = Number(process.argv[4] ?? 40);
// The form body Slack posts: payload=<JSON>; the edge stores the parsed payload.
const text = raw.startsWith('payload=') ? decodeURIComponent(raw.slice(8).replace(/\+/g, ' ')) : raw;
const payload = JSON.parse(text) as Record<string, unknown>;
const bench = await createBenchDatabase('bench_admit_wal');
const db = await openDatabase({ databaseUrl: bench.url });
try {
  const store = createInboxStore(db);
  type W = { lsn: string; records: string; fpi: string; bytes: string };
  const wal = async () =>
    (
      await queryRows<W>(
        db.orm,
        sql`SELECT pg_current_wal_lsn()::text AS lsn, wal_records::text AS records, wal_fpi::text AS fpi, wal_bytes::text AS bytes FROM pg_stat_wal`,
      )
    )[0] as W;
  const leaseUntil = new Date(Date.now() + 30_000);
  let n = 0;
  const one = () => {
    n += 1;
    return store.admit({
      platform: 'slack',
      key: `action:T1:U:${n}`,
      body: payload,
      leaseUntil,
      handOff: true,
    });
  };
  for (let i = 0; i < 4; i++) await Promise.all([one(), one()]);
  await queryRows(db.orm, sql`CHECKPOINT`);
  for (const phase of ['after a checkpoint', 'steady']) {
    const a = await wal();
    for (let done = 0; done < clicks; done += batch) await Promise.all(Array.from({ length: batch }, one));
    const b = await wal();
    const [d] = await queryRows<{ d: string }>(
      db.orm,
      sql`SELECT pg_wal_lsn_diff(${b.lsn}, ${a.lsn})::text AS d`,
    );
    const [size] = await queryRows<{ row: number; body: number }>(
      db.orm,
      sql`SELECT avg(pg_column_size(i.*))::int AS row, avg(pg_column_size(i.body))::int AS body FROM inbox i`,
    );
    console.log(
      `${phase}: ${clicks} clicks in batches of ${batch}; payload ${Buffer.byteLength(text)} B as JSON text, stored row ${size?.row} B (body ${size?.body} B); ` +
        `WAL ${(Number(d?.d) / clicks).toFixed(0)} B/click (LSN), records ${((Number(b.records) - Number(a.records)) / clicks).toFixed(1)}/click, ` +
        `full-page images ${((Number(b.fpi) - Number(a.fpi)) / clicks).toFixed(2)}/click`,
    );
  }
} finally {
  await db.close();
  await bench.drop();
}
