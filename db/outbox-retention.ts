// Outbox retention: processed rows are deleted once they are older than the desk keeps them.
// The record is the audit trail (audit_events); an outbox row is only the means of sending, kept
// a while for an operator who asks "was this sent, and when" (npm run outbox:failed lists rows
// still pending, which are never deleted here).
import { type SQL, sql } from 'drizzle-orm';
import type { OutboxPrunePage, OutboxPruneRequest } from '../src/app/ports.js';
import type { Orm } from './connect.js';
import { outbox } from './schema.js';
import { queryRows } from './sql-rows.js';

/**
 * One page in id order after `afterId`, through the primary key: ids grow with creation, so the
 * old rows come first and a page never scans the rows still kept (no index on processed_at, which
 * every mark of a sent row would have to update). Deletes the page's rows processed before
 * `before`; a row still pending, however old (failed for good, waiting for the operator), stays.
 */
export async function pruneOutboxPage(orm: Orm, page: OutboxPruneRequest): Promise<OutboxPrunePage> {
  const [row] = await queryRows<{ deleted: number; last_id: string | null; reached_kept: boolean }>(
    orm,
    prunePageSql(page),
  );
  return {
    deleted: Number(row?.deleted ?? 0),
    lastId: row?.last_id == null ? null : Number(row.last_id),
    reachedKept: row?.reached_kept !== false,
  };
}

export function prunePageSql(page: OutboxPruneRequest): SQL {
  const before = page.before.toISOString();
  return sql`WITH page AS (
      SELECT id, processed_at, created_at FROM ${outbox}
       WHERE id > ${page.afterId} ORDER BY id LIMIT ${page.limit}
    ), gone AS (
      DELETE FROM ${outbox} o USING page p
       WHERE o.id = p.id AND p.processed_at < ${before}::timestamptz
      RETURNING o.id
    )
    SELECT (SELECT count(*) FROM gone)::int AS deleted,
           (SELECT max(id) FROM page)::text AS last_id,
           coalesce((SELECT bool_or(created_at >= ${before}::timestamptz) FROM page), true) AS reached_kept`;
}
