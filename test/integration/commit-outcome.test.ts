// A connection lost during COMMIT leaves the outcome unknown: the server may have committed before
// it went away. Storage reports that as CommitOutcomeUnknown, so the person is told "may or may not
// have been saved" — never the plain outage answer "not saved", which would be false when it did
// commit. Made deterministic with a deferred constraint trigger: it runs at COMMIT and ends its
// own session there. A connection lost while the command is still working stays a plain outage.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriageService } from '../../src/app/triage-service.js';
import { COMMIT_OUTCOME_UNKNOWN, databaseUnavailableCode, outageKind } from '../../src/app/unavailable.js';
import type { Actor } from '../../src/core/types.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';

const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

const postgresOnly = backends.filter((b) => b.name === 'postgres');

describe.each(postgresOnly)('a transaction whose connection dies on $name', ({ open }) => {
  let backend: OpenBackend;
  let service: TriageService;

  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, testConfig());
    await backend.db.orm.execute(
      sql.raw(`
      CREATE FUNCTION die_here() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER die_at_commit AFTER INSERT ON incidents
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.title = 'probe-commit') EXECUTE FUNCTION die_here();
      CREATE TRIGGER die_while_working AFTER INSERT ON incidents
        FOR EACH ROW WHEN (NEW.title = 'probe-work') EXECUTE FUNCTION die_here();`),
    );
  });
  afterAll(() => backend.close());

  // A real command: the report's whole transaction, the session ended at COMMIT or mid-work.
  const insertProbe = (at: 'commit' | 'work') =>
    service.report({ title: `probe-${at}`, description: '', service: null, severity: 3 }, reporter).then(
      () => null,
      (e: unknown) => e,
    );

  it('lost during COMMIT: outcome unknown, answered "may have been saved"', async () => {
    const failure = await insertProbe('commit');
    expect(databaseUnavailableCode(failure)).toBe(COMMIT_OUTCOME_UNKNOWN);
    expect(outageKind(COMMIT_OUTCOME_UNKNOWN)).toBe('db_outcome_unknown');
  });

  it('lost while working: a plain outage, answered "not saved"', async () => {
    const failure = await insertProbe('work');
    const code = databaseUnavailableCode(failure);
    expect(code).not.toBeNull();
    expect(code).not.toBe(COMMIT_OUTCOME_UNKNOWN);
    expect(outageKind(code ?? '')).toBe('db_unavailable');
  });
});
