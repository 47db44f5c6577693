-- Hand-annotated after drizzle-kit generate (db/schema.ts, outbox.dedupeKey). Writes can never
-- produce one dedupe key twice (db/schema.ts says why), so the unique index only cost every outbox
-- insert a speculative insertion (INSERT + HEAP_CONFIRM) and an index entry, and every mark a second
-- one (a mark is not HOT). Instant; releases before it insert with ON CONFLICT ("dedupe_key") and
-- fail without this index: do not run them against an upgraded database (docs/operations.md).
ALTER TABLE "outbox" DROP CONSTRAINT "outbox_dedupe_key_key";