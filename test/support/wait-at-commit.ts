// A write held at its COMMIT: a deferred constraint trigger makes an update of an incident titled
// 'probe-wait' wait, at commit, for an advisory lock the test holds, so the write stays out
// until the test lets go (command-commit, one-statement-click, click-flights).
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connect.js';

export const PROBE_WAIT_TITLE = 'probe-wait';

/** Installs the trigger in `db`'s schema, keyed by the advisory lock `lockKey`. */
export async function installWaitAtCommit(db: Database, lockKey: number): Promise<void> {
  await db.orm.execute(
    sql.raw(`
      CREATE FUNCTION wait_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_advisory_xact_lock(${lockKey}); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER wait_at_commit AFTER UPDATE ON incidents
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.title = '${PROBE_WAIT_TITLE}') EXECUTE FUNCTION wait_at_commit();`),
  );
}
