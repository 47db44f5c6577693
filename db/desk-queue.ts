// SQL behind the desk queue page (src/app/web-server/desk-queue.ts): one statement that walks
// the partial index incidents_open_queue_idx (priority, reported_at, id WHERE closed_at IS NULL)
// in order and stops after `limit` rows, so its cost does not grow with the closed incidents kept.
import type { DeskQueueQueries, QueueRow } from '../src/app/web-server/desk-queue.js';
import type { Priority, Status } from '../src/core/types.js';
import type { Database } from './connect.js';
import { preparedRows } from './sql-rows.js';

// The WHERE must read as the index's predicate, or the planner cannot use the index. Open is
// `closed_at IS NULL`, not a status test (no index holds status, and incidents_closed_check makes
// the two the same: db/schema.ts, migration 0029); a status test beside it would have the planner
// take most of the index's rows for closed and sort the open ones instead of reading in order.
export const OPEN_QUEUE = `SELECT id, number, title, status, priority, assigned_team, reported_at,
    respond_by, responded_at, resolve_by,
    coalesce(jsonb_array_length(pauses) > 0 AND pauses->-1->>'to' IS NULL, false) AS paused
  FROM incidents
  WHERE closed_at IS NULL
  ORDER BY priority, reported_at, id
  LIMIT $1::int`;

interface Row {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: number;
  assigned_team: string | null;
  reported_at: Date | string;
  respond_by: Date | string | null;
  responded_at: Date | string | null;
  resolve_by: Date | string | null;
  paused: boolean;
}

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

export function createDeskQueueQueries(db: Database): DeskQueueQueries {
  return {
    async openIncidents(limit: number): Promise<QueueRow[]> {
      const rows = await preparedRows<Row>(db.orm, 'desk_queue', OPEN_QUEUE, [limit]);
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        title: r.title,
        status: r.status as Status,
        priority: Number(r.priority) as Priority,
        assignedTeam: r.assigned_team,
        reportedAt: new Date(r.reported_at),
        respondBy: date(r.respond_by),
        respondedAt: date(r.responded_at),
        resolveBy: date(r.resolve_by),
        paused: r.paused,
      }));
    },
  };
}
