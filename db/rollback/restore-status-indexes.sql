-- Before rolling back to an image older than migration 0029 (docs/operations.md): the indexes
-- that image's queue reads use, which 0029 replaced by indexes on `closed_at` (an older image
-- asks for open incidents by status, and without these its desk and team queues read the whole
-- table: slower, never wrong). Run with every pod stopped; each build reads the table once and
-- holds its writes meanwhile (~1 s per million incidents here). 0029's own indexes and its check
-- stay: an older image writes rows that satisfy the check, and reads no index by name.
-- Upgrading again later: drop these three first, or the status steps stop being HOT updates.
-- Tested: test/integration/incident-indexes-upgrade.test.ts.
CREATE INDEX IF NOT EXISTS incidents_queue_idx ON incidents (status, priority, reported_at);
CREATE INDEX IF NOT EXISTS incidents_open_queue_status_idx ON incidents (priority, reported_at, id)
  WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX IF NOT EXISTS incidents_team_status_idx ON incidents (assigned_team, status);
