-- Hand-written (drizzle-kit emits no storage parameters). A delivered outbox row is written three
-- times within seconds: inserted, leased (db/timer-queries.ts claimLeasedSql), marked processed
-- (db/delivery-rows.ts, the timer relay). With full pages the later versions went to another page:
-- a lease that could not be HOT, and a mark logged whole (a timer row's 1 KB schedule again).
-- Room left on each page keeps them on it: the leases HOT, the marks mostly logged as the bytes
-- they change. Core bench: WAL per transition -7 % (the marks' -32 %), for ~12 % more outbox pages
-- (docs/core-speed.md, 2026-12-06 16:20).
-- Instant: a storage parameter (SHARE UPDATE EXCLUSIVE: commands go on), followed by inserts from
-- now on; no rewrite. Existing pages stay as full as they are.
ALTER TABLE "outbox" SET (fillfactor = 70);
