// A transaction's last reads go out with its COMMIT (UnitOfWork.readsWithCommit, what the timer
// relay reads under its row locks: docs/core-speed.md, h/relaycommit). What must hold: the reads'
// results are handed out only once committed; a read that fails rolls the transaction back and
// its error is thrown; a COMMIT that fails is an error, never the results of an uncommitted read.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, Storage } from '../../src/app/ports.js';
import { systemClock, TriageService } from '../../src/app/triage-service.js';
import type { TimerScheduler } from '../../src/jobs/scheduler.js';
import { readTimerSets } from '../../src/jobs/timer-relay.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { countWrites, executedIn } from '../support/socket-writes.js';

const cfg = testConfig();
const reporter = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

/** An audit record of `action` for the incident: what the transactions below write first. */
const probe = (incidentId: string, action: string): Omit<AuditRecord, 'id'> => ({
  incidentId,
  step: 'IM2.1',
  action,
  actorId: 'system',
  actorName: 'System',
  at: new Date(),
  payload: {},
});

/** The error's chain of causes, outermost first (drizzle wraps the driver's error). */
function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e !== undefined && out.length < 5; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}
const sqlstateOf = (err: unknown) =>
  causes(err)
    .map((e) => (e as { code?: unknown }).code)
    .find((c) => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));

describe.each(backends)('reads sent with COMMIT on $name', ({ name, open }) => {
  let backend: OpenBackend;
  let storage: Storage;
  beforeAll(async () => {
    backend = await open();
    storage = backend.storage;
    // At COMMIT (a deferred constraint trigger), a transaction that wrote this audit action fails.
    // (One statement per call: PGlite prepares each.)
    await backend.db.orm.execute(
      sql.raw(`CREATE FUNCTION relaycommit_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'relaycommit: refused at commit'; END $$`),
    );
    await backend.db.orm.execute(
      sql.raw(`CREATE CONSTRAINT TRIGGER relaycommit_fail_at_commit AFTER INSERT ON audit_events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.action = 'probe_commit_fails')
        EXECUTE FUNCTION relaycommit_fail_at_commit()`),
    );
  });
  afterAll(() => backend.close());

  const report = async (title: string) =>
    (
      await new TriageService(storage, cfg).report(
        { title, description: '', service: null, severity: 1 },
        reporter,
      )
    ).incident;
  const actions = async (id: string) => (await storage.listAudit(id)).map((a) => a.action);

  it('hands out the reads once committed, with what the transaction wrote before them', async () => {
    const incident = await report('Mail down');
    const sent = await storage.transaction(async (uow) => {
      await uow.appendAudit([probe(incident.id, 'probe_written')]);
      return uow.readsWithCommit(
        Promise.all([uow.lockIncidents([incident.id]), uow.listAudit([incident.id], ['probe_written'])]),
      );
    });
    const [locked, audit] = await sent.result;
    expect(locked.map((i) => i.id)).toEqual([incident.id]);
    expect(audit.map((a) => a.action)).toEqual(['probe_written']);
    expect(await actions(incident.id)).toContain('probe_written');
  });

  it('a read that fails rolls the transaction back, and its error is thrown', async () => {
    const incident = await report('VPN down');
    const error = await storage
      .transaction(async (uow) => {
        await uow.appendAudit([probe(incident.id, 'probe_rolled_back')]);
        // A text value with a NUL byte: the server refuses the statement (22021).
        return uow.readsWithCommit(uow.lockIncidents(['no\u0000such']));
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(sqlstateOf(error)).toBe('22021');
    expect(await actions(incident.id)).not.toContain('probe_rolled_back');
  });

  it('a COMMIT that fails is an error, not the reads (which saw the uncommitted write)', async () => {
    const incident = await report('Printer down');
    let read: AuditRecord[] | undefined;
    const error = await storage
      .transaction(async (uow) => {
        await uow.appendAudit([probe(incident.id, 'probe_commit_fails')]);
        const reads = uow.listAudit([incident.id], ['probe_commit_fails']);
        reads.then((r) => {
          read = r;
        });
        return uow.readsWithCommit(reads);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(causes(error).some((e) => String((e as Error).message).includes('refused at commit'))).toBe(true);
    // The read itself was answered (inside the transaction, it saw the write), but never handed out.
    expect(read?.map((a) => a.action)).toEqual(['probe_commit_fails']);
    expect(await actions(incident.id)).not.toContain('probe_commit_fails');
  });

  // PostgreSQL only (PGlite has no socket), registered only there rather than shown skipped.
  if (name === 'postgres')
    it('the relay’s read of timer sets is one socket write, COMMIT included', async () => {
      const incident = await report('Wi-Fi down');
      const deps = { storage, config: cfg, scheduler: {} as TimerScheduler, clock: systemClock };
      await readTimerSets(deps, [incident.id]); // statements prepared once per connection: not counted
      const writes = await countWrites(() => readTimerSets(deps, [incident.id]));
      // BEGIN + lock + load + audit read + COMMIT (before: BEGIN + lock + load + audit read | COMMIT).
      expect(writes).toBe(1);
      const statements = await countWrites(() => readTimerSets(deps, [incident.id]), executedIn);
      expect(statements).toBe(5);
    });
});
