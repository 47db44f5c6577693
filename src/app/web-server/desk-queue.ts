// The desk queue page's port (issue 13 item 6): open incidents, most urgent first, read by one
// indexed query (db/desk-queue.ts) so the page stays fast with a million incidents stored.
import type { Priority, Status } from '../../core/types.js';

export interface QueueRow {
  id: string;
  number: string;
  title: string;
  status: Status;
  priority: Priority;
  assignedTeam: string | null;
  reportedAt: Date;
  respondBy: Date | null;
  respondedAt: Date | null;
  resolveBy: Date | null;
  /** Waiting for the reporter: the deadlines stand still. */
  paused: boolean;
}

export interface DeskQueueQueries {
  /** Open incidents by priority, then oldest first; at most `limit`. */
  openIncidents(limit: number): Promise<QueueRow[]>;
}
