// The way back from `chat.change` rows (db/rollback/split-chat-change.sql, docs/operations.md): a
// release before them claims only `notify.*` and `view.refresh`, so each pending change row must
// become the rows that release wrote — one per effect, in the change's order — before it runs.
// Checked against that release's mapping (one row per effect, the effect with the incident's
// version and number), on PostgreSQL (a fresh schema, dropped after) and on PGlite in memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { outboxMessages, TOPIC } from '../../src/app/outbox.js';
import type { Effect } from '../../src/core/decision.js';
import { anIncident } from '../fixtures/config.js';
import { upgradableBackends } from '../support/upgradable.js';

const SPLIT = readFileSync(new URL('../../db/rollback/split-chat-change.sql', import.meta.url), 'utf8');

const incident = anIncident({ id: 'i1', version: 4 });
const told: Effect = { type: 'notify_reporter', step: 'IM2.3', event: 'prioritised' };
const assigned: Effect = { type: 'post_assignment', step: 'IM2.4', team: 'network' };
const timers: Effect = { type: 'timers_changed', step: 'IM2.3', timers: [] };
const refresh: Effect = { type: 'refresh_views' };

/** What a release before `chat.change` wrote for these effects (git 66562aa, src/app/outbox.ts). */
function olderRows(effects: readonly Effect[]) {
  return effects.map((effect) => ({
    topic:
      effect.type === 'refresh_views'
        ? 'view.refresh'
        : effect.type === 'timers_changed'
          ? 'timer.changed'
          : `notify.${effect.type}`,
    payload: { ...effect, version: incident.version, number: incident.number },
  }));
}

const lit = (v: unknown) => `'${JSON.stringify(v).replaceAll("'", "''")}'`;

describe.each(upgradableBackends('chat_change_back'))(
  'db/rollback/split-chat-change.sql on $name',
  { timeout: 120_000 },
  ({ open }) => {
    it("turns each pending change row into the older release's rows, in order, and leaves the rest", async () => {
      const db = await open();
      try {
        await db.migrate(MIGRATIONS_FOLDER);
        const rows = outboxMessages(
          incident,
          [told, assigned, timers, refresh],
          new Date('2026-12-07T10:00:00Z'),
        );
        expect(rows.map((r) => r.topic)).toEqual([TOPIC.timerChanged, TOPIC.chatChange]);
        for (const r of rows)
          await db.query(`INSERT INTO outbox (incident_id, topic, payload, dedupe_key, available_at, attempts, last_error)
            VALUES ('i1', '${r.topic}', ${lit(r.payload)}::jsonb, '${r.dedupeKey}', now() + interval '5 minutes', 3, 'slack: 503')`);
        // A delivered change row stays as it is (the older release never reads delivered rows).
        await db.query(`INSERT INTO outbox (incident_id, topic, payload, dedupe_key, available_at, processed_at)
          VALUES ('i1', 'chat.change', '{}'::jsonb, 'i1.v3.0', now(), now())`);

        await db.query(SPLIT);

        const after = (await db.query(
          `SELECT topic, payload, dedupe_key, attempts, last_error FROM outbox
           WHERE processed_at IS NULL AND topic <> 'timer.changed' ORDER BY available_at, id`,
        )) as { topic: string; payload: unknown; dedupe_key: string; attempts: number; last_error: string }[];
        expect(after.map((r) => ({ topic: r.topic, payload: r.payload }))).toEqual(
          olderRows([told, assigned, refresh]),
        );
        expect(after.map((r) => r.dedupe_key)).toEqual(['i1.v4.1.0', 'i1.v4.1.1', 'i1.v4.1.2']);
        expect(after.every((r) => r.attempts === 3 && r.last_error === 'slack: 503')).toBe(true);
        // The newer relay's lease (available_at moved ahead) ends: the older relay takes them now.
        expect(
          await db.query(
            `SELECT count(*)::int AS n FROM outbox WHERE topic LIKE 'notify.%' AND available_at > now()`,
          ),
        ).toEqual([{ n: 0 }]);
        expect(await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'chat.change'`)).toEqual([
          { n: 1 },
        ]);
        expect(await db.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'timer.changed'`)).toEqual(
          [{ n: 1 }],
        );
      } finally {
        await db.close();
      }
    });
  },
);
