// A real fault for knowledge feedback: a trigger in the test's own schema makes PostgreSQL refuse
// every knowledge_feedback insert, so the "helped" write after apply_match fails as a broken
// table or a lost connection would, with nothing in the product replaced.
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connect.js';

const NAME = 'itss_test_refuse_feedback';

/** Until the returned function is called, inserting into knowledge_feedback raises. */
export async function refuseFeedback(db: Database): Promise<() => Promise<void>> {
  const s = db.schema ? `"${db.schema}".` : '';
  await db.orm.execute(
    sql.raw(`CREATE OR REPLACE FUNCTION ${s}${NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'knowledge feedback refused by the test'; END $$`),
  );
  await db.orm.execute(
    sql.raw(`CREATE TRIGGER ${NAME} BEFORE INSERT ON ${s}knowledge_feedback
      FOR EACH ROW EXECUTE FUNCTION ${s}${NAME}()`),
  );
  return async () => {
    await db.orm.execute(sql.raw(`DROP TRIGGER ${NAME} ON ${s}knowledge_feedback`));
  };
}
