// A worker's LISTEN through a PostgreSQL outage (db/connect-postgres.ts `listen`, which the inbox
// hand-off follows). On a private second cluster: stop it while listening, keep it down longer
// than a reconnect attempt, start it again — a notification sent afterwards must be heard, and
// `listening` must run again, since that is what starts the inbox's catch-up of what was handed
// off while nobody listened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/connect-postgres.js';
import type { Database } from '../../db/database.js';
import { postgresAnswers, type SecondPostgres, startSecondPostgres } from '../support/second-services.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, send: () => Promise<unknown>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end && !cond()) {
    await send().catch(() => {});
    await sleep(200);
  }
  return cond();
}

describe('LISTEN through a PostgreSQL outage', () => {
  let pg: SecondPostgres;
  let db: Database;
  beforeAll(async () => {
    pg = await startSecondPostgres();
    db = await openPostgres(pg.url, null, () => {});
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    pg?.destroy();
  });

  it('hears again once the server is back, and says it listens again', async () => {
    const heard: string[] = [];
    let listened = 0;
    const notify = (key: string) => db.orm.execute(`SELECT pg_notify('inbox_outage', '${key}')`);
    const stop = await db.listen?.(
      'inbox_outage',
      (key) => heard.push(key),
      () => {
        listened += 1;
      },
    );
    /** Notifies `key` until it is heard or `ms` pass; whether it was heard. */
    const hears = (key: string, ms: number) =>
      until(
        () => heard.includes(key),
        () => notify(key),
        ms,
      );
    try {
      expect(await hears('before', 5_000)).toBe(true);
      expect(listened).toBe(1);
      pg.stop('immediate');
      await sleep(6_000); // longer than the driver's reconnect attempts take to fail
      pg.start();
      await postgresAnswers(pg.url);
      expect(await hears('after', 15_000)).toBe(true);
      expect(listened).toBe(2);
    } finally {
      await stop?.();
    }
  }, 60_000);
});
