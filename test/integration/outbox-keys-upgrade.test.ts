// Migrations 0027 and 0028 drop what every transition paid for and nothing needed: the unique
// index on outbox.dedupe_key (no two writes can produce one key: db/schema.ts) and the foreign keys
// from the rows written with the incident's own row (audit, work log, assignments, on-site tasks,
// outbox) to incidents. A desk migrated up to 0026 with rows in those tables keeps every row, and
// after the rest the bot's own writes (plain outbox inserts) work; the chat_refs foreign key (the
// delivery writes a card's place in a transaction of its own) is still checked. On PostgreSQL (a
// fresh schema, dropped after) and on PGlite in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { migrationsUpTo, upgradableBackends } from '../support/upgradable.js';

let upTo0026: string;
let removeCopy: () => Promise<void>;
beforeAll(async () => {
  ({ folder: upTo0026, remove: removeCopy } = await migrationsUpTo(26));
});
afterAll(() => removeCopy());

const backends = upgradableBackends('outbox_keys');

const INCIDENT = `INSERT INTO incidents (id, number, version, status, title, description, reporter_id, reporter_name, priority, reported_at)
  VALUES ('i1', 'INC-000001', 1, 'new', 't', '', 'slack:U1', 'Wang Fang', 3, now())`;
const outboxRow = (key: string) =>
  `INSERT INTO outbox (incident_id, topic, payload, dedupe_key, available_at)
   VALUES ('i1', 'notify.x', '{}'::jsonb, '${key}', now())`;
const AUDIT = `INSERT INTO audit_events (incident_id, step, action, actor_id, actor_name, at, payload)
  VALUES ('i1', 'IM1', 'reported', 'slack:U1', 'Wang Fang', now(), '{}'::jsonb)`;

/** Foreign keys from these tables, by table: what the schema still checks. */
const FOREIGN_KEYS = `SELECT c.conrelid::regclass::text AS tab, count(*)::int AS n FROM pg_constraint c
  WHERE c.contype = 'f' AND c.confrelid = 'incidents'::regclass GROUP BY 1 ORDER BY 1`;

async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return '';
  } catch (e) {
    return String((e as Error).message);
  }
}

describe.each(backends)(
  'migrations 0027–0028 (outbox keys, foreign keys) on $name',
  { timeout: 180_000 },
  ({ open }) => {
    it('keep every row, let plain outbox inserts through, and still check a card place’s incident', async () => {
      const db = await open();
      try {
        await db.migrate(upTo0026);
        for (const statement of [INCIDENT, outboxRow('i1.v1.0'), outboxRow('i1.v1.1'), AUDIT])
          await db.query(statement);
        // Before: the unique index refused a second row with a key, and the foreign keys an orphan.
        expect(await dbError(db.query(outboxRow('i1.v1.0')))).toMatch(/outbox_dedupe_key_key/);
        await db.migrate(MIGRATIONS_FOLDER);

        expect(await db.query('SELECT dedupe_key FROM outbox ORDER BY id')).toEqual([
          { dedupe_key: 'i1.v1.0' },
          { dedupe_key: 'i1.v1.1' },
        ]);
        expect(await db.query('SELECT count(*)::int AS n FROM audit_events')).toEqual([{ n: 1 }]);
        await db.query(outboxRow('i1.v2.0'));
        expect(
          await db.query(
            `SELECT indexname FROM pg_indexes WHERE tablename = 'outbox' AND schemaname = current_schema() ORDER BY indexname`,
          ),
        ).toEqual([
          { indexname: 'outbox_delivery_pending_idx' },
          { indexname: 'outbox_pending_idx' },
          { indexname: 'outbox_pkey' },
          { indexname: 'outbox_timer_pending_idx' },
        ]);
        expect(await db.query(FOREIGN_KEYS)).toEqual([
          { tab: 'chat_refs', n: 1 },
          { tab: 'knowledge_entries', n: 1 },
          { tab: 'knowledge_feedback', n: 1 },
        ]);
        expect(
          await dbError(
            db.query(`INSERT INTO chat_refs (incident_id, platform, purpose, conversation_id, message_id)
                    VALUES ('nope', 'slack', 'desk', 'C1', '1.0')`),
          ),
        ).toMatch(/foreign key/);
      } finally {
        await db.close();
      }
    });
  },
);
