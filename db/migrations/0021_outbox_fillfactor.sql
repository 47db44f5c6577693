-- Hand-written (drizzle-kit emits no storage parameters). A delivered outbox row is written three
-- times within seconds: inserted, leased (db/timer-queries.ts claimLeasedSql), marked processed
-- (db/delivery-rows.ts, the timer relay). With full pages the later versions went to another page:
-- a lease that could not be HOT, and a mark logged whole (a timer row's 1 KB schedule again).
-- Room left on each page keeps them on it: every lease HOT, every mark logged as its changed bytes
-- only. Core bench: WAL per transition -14 %, shared buffers -10 % (docs/core-speed.md).
-- Instant: a storage parameter, read by inserts from now on; no rewrite, no lock on rows.
ALTER TABLE "outbox" SET (fillfactor = 70);
