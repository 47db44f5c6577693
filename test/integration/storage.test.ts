// Storage port against real PostgreSQL and PGlite: same tests, both backends.
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openDatabase } from '../../db/connect.js';
import { acquireDataDirLock, DataDirLockedError, lockFilePath } from '../../db/data-dir-lock.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { createStorage } from '../../db/repository.js';
import * as schemaModule from '../../db/schema.js';
import { queryRows } from '../../db/sql-rows.js';
import { createUnitOfWork } from '../../db/unit-of-work.js';
import type { AuditRecord, OutboxMessage } from '../../src/app/ports.js';
import { type Incident, OPEN_STATUSES } from '../../src/core/types.js';
import { backends, type OpenBackend, testDatabaseUrl, uniqueSchemaName } from '../support/databases.js';
import { assignmentHistory, creation, fullIncident, newIncident } from '../support/incidents.js';

/** Every table db/schema.ts defines; each must land in the test's own schema. */
const OUR_TABLES = Object.values(schemaModule).filter((v) => is(v, PgTable)).length;

const run = promisify(execFile);

/** Drizzle wraps driver errors ("Failed query: …"); the database's own message is the cause. */
async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ''}`;
  }
  throw new Error('expected the statement to fail');
}

const audit = (incidentId: string, action: string, at: Date): Omit<AuditRecord, 'id'> => ({
  incidentId,
  step: 'IM2.1',
  action,
  actorId: 'p-desk',
  actorName: 'Desk',
  at,
  payload: { nature: 'fault', nested: { list: [1, 'два', null] } },
  version: 7,
});

const message = (incidentId: string, topic: string, dedupeKey: string, payload = {}): OutboxMessage => ({
  incidentId,
  topic,
  payload,
  dedupeKey,
  availableAt: new Date('2025-03-03T01:00:00.000Z'),
});

describe.each(backends)('storage on $name', ({ open }) => {
  let b: OpenBackend;
  beforeAll(async () => {
    b = await open();
  });
  afterAll(async () => {
    await b?.close();
  });

  const insert = (...incidents: Incident[]) =>
    b.storage.transaction(async (uow) => {
      for (const i of incidents) await uow.writeChange(creation(i));
    });

  it('round-trips a fully populated incident exactly', async () => {
    const incident = fullIncident();
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident, { assignments: assignmentHistory(incident) }));
    });

    expect(await b.storage.getIncident(incident.id)).toStrictEqual(incident);
    expect(await b.storage.getIncidentByNumber(incident.number)).toStrictEqual(incident);
    expect(
      await b.storage.listIncidents({ reporterId: incident.reporterId, assignedTeam: 'network' }),
    ).toContainEqual(incident);
    const locked = await b.storage.transaction((uow) => uow.lockIncident(incident.id));
    expect(locked).toStrictEqual(incident);
    // Several at once (delivery batches, timer relays), whole too; unknown ids are left out.
    const other = newIncident();
    await insert(other);
    const byId = (list: Incident[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
    const ids = [incident.id, randomUUID(), other.id, incident.id];
    expect(byId((await b.storage.getIncidents(ids)).incidents)).toStrictEqual(byId([incident, other]));
    expect(byId(await b.storage.transaction((uow) => uow.lockIncidents(ids)))).toStrictEqual(
      byId([incident, other]),
    );
  });

  it('round-trips a fresh incident with nulls and empty collections', async () => {
    const incident = newIncident({ description: '' });
    await insert(incident);
    expect(await b.storage.getIncident(incident.id)).toStrictEqual(incident);
  });

  it('stores jsonb columns as JSON values, not as JSON strings', async () => {
    const incident = fullIncident();
    await insert(incident);
    const [row] = await queryRows<Record<string, string>>(
      b.db.orm,
      sql`SELECT jsonb_typeof(pauses) AS pauses, jsonb_typeof(resolution) AS resolution,
                 jsonb_typeof(breaches) AS breaches, resolution->>'at' AS resolved_at
          FROM incidents WHERE id = ${incident.id}`,
    );
    expect(row).toEqual({
      pauses: 'array',
      resolution: 'object',
      breaches: 'array',
      resolved_at: '2025-03-03T04:30:00.000Z',
    });
  });

  it('returns null for unknown ids and numbers', async () => {
    expect(await b.storage.getIncident(randomUUID())).toBeNull();
    expect(await b.storage.getIncidentByNumber('INC-NOPE')).toBeNull();
    expect(await b.storage.transaction((uow) => uow.lockIncident(randomUUID()))).toBeNull();
  });

  it('updates only when the stored version is the expected one', async () => {
    const v1 = newIncident();
    await insert(v1);
    const v2: Incident = { ...v1, version: 2, status: 'classified', nature: 'fault', category: 'email' };

    const change = (incident: Incident) => ({ ...creation(incident), expectedVersion: 1 });
    expect(await b.storage.transaction((uow) => uow.writeChange(change(v2)))).toBe(true);
    const stale: Incident = { ...v1, version: 2, title: 'lost update' };
    expect(await b.storage.transaction((uow) => uow.writeChange(change(stale)))).toBe(false);

    expect(await b.storage.getIncident(v1.id)).toStrictEqual(v2);
  });

  it('hands out increasing incident sequence numbers', async () => {
    const [first, second] = await b.storage.transaction(async (uow) => [
      await uow.nextIncidentSequence(),
      await uow.nextIncidentSequence(),
    ]);
    expect(typeof first).toBe('number');
    expect(second).toBe((first ?? 0) + 1);
  });

  it('upserts on-site tasks by id', async () => {
    const incident = fullIncident();
    await insert(incident);
    const [task] = incident.onsite;
    if (!task) throw new Error('fixture has on-site tasks');
    const changed = { ...task, state: 'cancelled' as const, note: 'called off' };
    await b.storage.transaction((uow) =>
      uow.writeChange({ ...creation(incident), expectedVersion: incident.version, onsite: [changed] }),
    );

    const loaded = await b.storage.getIncident(incident.id);
    expect(loaded?.onsite).toStrictEqual([changed, incident.onsite[1]]);
  });

  // What kept one outbox row per dedupe key before migration 0027 dropped its unique index: the
  // keys are {id}.v{version}.{n}, and a change's rows go only with the incident's update guarded
  // by the version it read, so a second write of the same change (a redelivery without its key, a
  // retry after a lost answer) writes none of them, in the same transaction or another.
  it('writes the outbox rows of a change once: a second write of the same change writes none', async () => {
    const incident = newIncident();
    const topic = `notify.${randomUUID()}`;
    await insert(incident);
    const next = { ...incident, version: incident.version + 1 };
    const change = {
      ...creation(next),
      expectedVersion: incident.version,
      outbox: [
        message(incident.id, topic, `${incident.id}.v${next.version}.0`, { n: 1 }),
        message(incident.id, topic, `${incident.id}.v${next.version}.1`),
      ],
    };
    const written = await b.storage.transaction(async (uow) => [
      await uow.writeChange(change),
      await uow.writeChange({
        ...change,
        outbox: [message(incident.id, topic, `${incident.id}.v${next.version}.0`, { n: 2 })],
      }),
    ]);
    expect(written).toEqual([true, false]);
    expect(
      await b.storage.transaction((uow) =>
        uow.writeChange({
          ...change,
          outbox: [message(incident.id, topic, `${incident.id}.v${next.version}.0`, { n: 3 })],
        }),
      ),
    ).toBe(false);

    const rows = await b.storage.listOutbox({ topicPrefix: topic });
    expect(rows.map((r) => [r.dedupeKey, r.payload])).toEqual([
      [`${incident.id}.v${next.version}.0`, { n: 1 }],
      [`${incident.id}.v${next.version}.1`, {}],
    ]);
    expect(rows[0]).toMatchObject({
      processedAt: null,
      attempts: 0,
      lastError: null,
      incidentId: incident.id,
    });
  });

  // Audit, work-log, assignment and outbox rows have had no foreign key since migration 0028:
  // the write refuses a row of another incident (or of none) instead, and writes nothing at all.
  it('refuses a change carrying a row of another incident, writing nothing', async () => {
    const incident = newIncident();
    const topic = `notify.${randomUUID()}`;
    await insert(incident);
    const next = { ...incident, version: incident.version + 1 };
    const stray = message('no-such-incident', topic, `${incident.id}.v${next.version}.0`);
    const change = { ...creation(next), expectedVersion: incident.version, outbox: [stray] };
    expect(await dbError(b.storage.transaction((uow) => uow.writeChange(change)))).toMatch(
      /carries a row of incident no-such-incident/,
    );
    expect(await b.storage.listOutbox({ topicPrefix: topic })).toEqual([]);
    expect((await b.storage.getIncident(incident.id))?.version).toBe(incident.version);
  });

  it.each(['queued', 'in flight'] as const)(
    'claims due outbox rows and leases them (%s) in one statement, in claim order',
    async (lease) => {
      const incident = newIncident();
      const topic = `notify.${randomUUID()}`;
      const at = (iso: string) => ({ availableAt: new Date(iso) });
      await b.storage.transaction(async (uow) => {
        await uow.writeChange(creation(incident));
        await uow.enqueueOutbox([
          { ...message(incident.id, topic, `${topic}:late`, { n: 1 }), ...at('2025-03-03T02:00:00.000Z') },
          { ...message(incident.id, topic, `${topic}:early`, { n: 2 }), ...at('2025-03-03T01:00:00.000Z') },
          { ...message(incident.id, topic, `${topic}:future`), ...at('2025-03-03T09:00:00.000Z') },
        ]);
      });
      const now = new Date('2025-03-03T03:00:00.000Z');
      const leaseUntil = new Date('2025-03-03T04:00:00.000Z');
      const claim = { topicPrefixes: [topic], now, limit: 10, maxAttempts: 8, leaseUntil, lease };
      const claimed = await b.storage.transaction((uow) => uow.claimOutbox(claim));
      expect(claimed.map((r) => [r.dedupeKey, r.availableAt.toISOString(), r.payload])).toEqual([
        [`${topic}:early`, '2025-03-03T01:00:00.000Z', { n: 2 }],
        [`${topic}:late`, '2025-03-03T02:00:00.000Z', { n: 1 }],
      ]);
      // Leased: not claimed again before the lease ends, by a leased claim or an unleased one
      // (the BullMQ relay's, the timer relay's), claimed again after it, due time unchanged.
      expect(await b.storage.transaction((uow) => uow.claimOutbox(claim))).toEqual([]);
      const unleased = { topicPrefixes: [topic], now, limit: 10 };
      expect(await b.storage.transaction((uow) => uow.claimOutbox(unleased))).toEqual([]);
      const after = {
        ...claim,
        now: new Date('2025-03-03T04:00:01.000Z'),
        leaseUntil: new Date('2025-03-03T05:00:00.000Z'),
      };
      // (A queued lease moved both rows' due time to the lease's end: their order is then by id.)
      const again = await b.storage.transaction((uow) => uow.claimOutbox(after));
      expect(again.map((r) => r.dedupeKey).sort()).toEqual([`${topic}:early`, `${topic}:late`]);
      // A failure's retry time ends the lease: the row is claimed at its retry time, not after
      // the lease (5 minutes in the embedded delivery).
      const early = claimed[0]?.id ?? 0;
      await b.storage.markOutboxFailed(early, 'chat down', new Date('2025-03-03T04:00:02.000Z'));
      const retry = { ...claim, now: new Date('2025-03-03T04:00:03.000Z') };
      expect((await b.storage.transaction((uow) => uow.claimOutbox(retry))).map((r) => r.dedupeKey)).toEqual([
        `${topic}:early`,
      ]);
    },
  );

  it('marks outbox rows processed or failed and filters pending ones', async () => {
    const incident = newIncident();
    const topic = `timer.${randomUUID()}`;
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident));
      await uow.enqueueOutbox([
        message(incident.id, topic, `${topic}:1`),
        message(incident.id, topic, `${topic}:2`),
      ]);
    });
    const [first, second] = await b.storage.listOutbox({ topicPrefix: topic, pendingOnly: true });
    if (!first || !second) throw new Error('expected two rows');

    const doneAt = new Date('2025-03-04T00:00:00.000Z');
    const retryAt = new Date('2025-03-05T00:00:00.000Z');
    await b.storage.markOutboxProcessed([first.id], doneAt);
    await b.storage.markOutboxFailed(second.id, 'slack said no', retryAt);
    await b.storage.markOutboxFailed(second.id, 'slack said no again', retryAt);

    const pending = await b.storage.listOutbox({ topicPrefix: topic, pendingOnly: true });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      id: second.id,
      attempts: 2,
      lastError: 'slack said no again',
      availableAt: retryAt,
    });
    const all = await b.storage.listOutbox({ topicPrefix: topic });
    expect(all.find((r) => r.id === first.id)?.processedAt).toEqual(doneAt);
    expect(await b.storage.listOutbox({ topicPrefix: topic, limit: 1 })).toHaveLength(1);
  });

  it('matches topic prefixes literally (no LIKE wildcards)', async () => {
    const incident = newIncident();
    const tag = randomUUID().slice(0, 8);
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident));
      await uow.enqueueOutbox([message(incident.id, `x${tag}.axb`, `${tag}-1`)]);
    });
    expect(await b.storage.listOutbox({ topicPrefix: `x${tag}.a_b` })).toEqual([]);
    expect(await b.storage.listOutbox({ topicPrefix: `x${tag}.%` })).toEqual([]);
    expect(await b.storage.listOutbox({ topicPrefix: `x${tag}.a` })).toHaveLength(1);
  });

  it('reserves an idempotency key, then returns the stored result', async () => {
    const key = `slack:${randomUUID()}`;
    const incident = newIncident();
    const first = await b.storage.transaction(async (uow) => {
      const hit = await uow.findIdempotencyKey(key);
      await uow.writeChange(creation(incident));
      await uow.saveIdempotencyKey(key, incident.id, { number: incident.number });
      return hit;
    });
    expect(first).toBeNull();

    const again = await b.storage.transaction((uow) => uow.findIdempotencyKey(key));
    expect(again).toEqual({ incidentId: incident.id, result: { number: incident.number } });
  });

  it('frees an idempotency key when its transaction rolls back', async () => {
    const key = `teams:${randomUUID()}`;
    const failing = b.storage.transaction(async (uow) => {
      expect(await uow.findIdempotencyKey(key)).toBeNull();
      throw new Error('handler failed');
    });
    await expect(failing).rejects.toThrow('handler failed');
    expect(await b.storage.transaction((uow) => uow.findIdempotencyKey(key))).toBeNull();
  });

  it('rolls back every write of a failed transaction', async () => {
    const incident = fullIncident();
    const topic = `notify.${randomUUID()}`;
    const key = `slack:${randomUUID()}`;
    const failing = b.storage.transaction(async (uow) => {
      await uow.writeChange(
        creation(incident, {
          audit: [audit(incident.id, 'classified', new Date())],
          worklog: [
            {
              incidentId: incident.id,
              step: 'IM2.1',
              source: 'desk',
              authorId: 'p-desk',
              authorName: 'Desk',
              at: new Date(),
              text: 'half-written',
            },
          ],
          assignments: assignmentHistory(incident),
          outbox: [message(incident.id, topic, `${topic}:1`)],
        }),
      );
      await uow.saveIdempotencyKey(key, incident.id, { ok: true });
      throw new Error('boom after six writes');
    });
    await expect(failing).rejects.toThrow('boom after six writes');

    expect(await b.storage.getIncident(incident.id)).toBeNull();
    expect(await b.storage.listAudit(incident.id)).toEqual([]);
    expect(await b.storage.listWorklog(incident.id)).toEqual([]);
    expect(await b.storage.listAssignments(incident.id)).toEqual([]);
    expect(await b.storage.listOutbox({ topicPrefix: topic })).toEqual([]);
    const onsite = await queryRows(
      b.db.orm,
      sql`SELECT id FROM onsite_tasks WHERE incident_id = ${incident.id}`,
    );
    expect(onsite).toEqual([]);
    expect(await b.storage.transaction((uow) => uow.findIdempotencyKey(key))).toBeNull();
  });

  it('appends and lists audit, worklog and assignment history in order', async () => {
    const incident = fullIncident();
    const t1 = new Date('2025-03-03T01:00:00.000Z');
    const t2 = new Date('2025-03-03T01:05:00.000Z');
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(
        creation(incident, {
          audit: [audit(incident.id, 'registered', t1), audit(incident.id, 'classified', t2)],
          worklog: [
            {
              incidentId: incident.id,
              step: 'IM2.9',
              source: 'team',
              authorId: 'p-erin',
              authorName: 'Erin',
              at: t2,
              text: '重启了服务',
            },
          ],
          assignments: assignmentHistory(incident),
        }),
      );
    });

    const trail = await b.storage.listAudit(incident.id);
    expect(trail.map((r) => r.action)).toEqual(['registered', 'classified']);
    expect(trail[1]).toEqual({ id: expect.any(Number), ...audit(incident.id, 'classified', t2) });
    // A knowledge record keeps no version (it changed nothing) and is no change to a stale card.
    await b.storage.transaction((uow) =>
      uow.appendAudit([{ ...audit(incident.id, 'matches_found', t2), version: undefined }]),
    );
    const withSearch = await b.storage.listAudit(incident.id);
    expect(withSearch.at(-1)).toMatchObject({ action: 'matches_found' });
    expect(withSearch.at(-1)).not.toHaveProperty('version');
    expect(await b.storage.transaction((uow) => uow.recentChanges(incident.id))).toEqual(trail);
    expect(await b.storage.transaction((uow) => uow.recentChanges(randomUUID()))).toEqual([]);

    const [note] = await b.storage.listWorklog(incident.id);
    expect(note).toMatchObject({ source: 'team', text: '重启了服务', at: t2 });
    const history = await b.storage.listAssignments(incident.id);
    expect(history.map((h) => h.action)).toEqual([
      'assigned',
      'declined',
      'declined',
      'assigned',
      'accepted',
    ]);
    expect(history[2]).toMatchObject({
      team: 'storage',
      actorId: 'p-gina',
      reason: '没有权限',
      suggestedTeam: null,
      suggestion: '机房值班（不在配置的团队里）',
    });
  });

  it('rejects UPDATE, DELETE and TRUNCATE on audit_events (append-only trigger)', async () => {
    const incident = newIncident();
    const original = audit(incident.id, 'registered', new Date('2025-03-03T01:00:00.000Z'));
    await b.storage.transaction(async (uow) => {
      await uow.writeChange(creation(incident));
      await uow.appendAudit([original]);
    });
    const { orm } = b.db;

    const update = sql`UPDATE audit_events SET action = 'forged' WHERE incident_id = ${incident.id}`;
    expect(await dbError(orm.execute(update))).toMatch(/append-only: UPDATE is not allowed/);
    const remove = sql`DELETE FROM audit_events WHERE incident_id = ${incident.id}`;
    expect(await dbError(orm.execute(remove))).toMatch(/append-only: DELETE is not allowed/);
    expect(await dbError(orm.execute(sql`TRUNCATE audit_events`))).toMatch(
      /append-only: TRUNCATE is not allowed/,
    );

    expect(await b.storage.listAudit(incident.id)).toEqual([{ id: expect.any(Number), ...original }]);
  });

  it('lists incidents by priority then report time, filtered by status, reporter and team', async () => {
    const reporterId = `p-${randomUUID()}`;
    const mk = (priority: 1 | 2 | 3 | 4, minute: number, over: Partial<Incident> = {}) =>
      newIncident({ reporterId, priority, reportedAt: new Date(Date.UTC(2025, 2, 3, 1, minute)), ...over });
    const p3old = mk(3, 0);
    const p1new = mk(1, 30, { status: 'assigned', assignedTeam: 'network' });
    const p3new = mk(3, 20, { status: 'closed' });
    const p1old = mk(1, 10, { status: 'assigned', assignedTeam: 'servers' });
    await insert(p3old, p1new, p3new, p1old);

    const ids = (list: Incident[]) => list.map((i) => i.id);
    expect(ids(await b.storage.listIncidents({ reporterId }))).toEqual([
      p1old.id,
      p1new.id,
      p3old.id,
      p3new.id,
    ]);
    expect(ids(await b.storage.listIncidents({ reporterId, statuses: ['registered', 'assigned'] }))).toEqual([
      p1old.id,
      p1new.id,
      p3old.id,
    ]);
    expect(ids(await b.storage.listIncidents({ reporterId, assignedTeam: 'network' }))).toEqual([p1new.id]);
    expect(ids(await b.storage.listIncidents({ reporterId, limit: 2 }))).toEqual([p1old.id, p1new.id]);
    expect(await b.storage.listIncidents({ reporterId, statuses: [] })).toEqual([]);
    // The ids alone (for sweeps), with the same filter and order.
    expect(await b.storage.listIncidentIds({ reporterId, statuses: ['registered', 'assigned'] })).toEqual([
      p1old.id,
      p1new.id,
      p3old.id,
    ]);
    expect(await b.storage.listIncidentIds({ reporterId, statuses: [] })).toEqual([]);
    // Every open status is asked as closed_at IS NULL (the open-queue index's predicate).
    expect(ids(await b.storage.listIncidents({ reporterId, statuses: OPEN_STATUSES }))).toEqual([
      p1old.id,
      p1new.id,
      p3old.id,
    ]);
    expect(await b.storage.listIncidentIds({ reporterId, statuses: OPEN_STATUSES })).toEqual([
      p1old.id,
      p1new.id,
      p3old.id,
    ]);
  });

  it('upserts chat refs per incident, platform, purpose and conversation', async () => {
    const incident = newIncident();
    await insert(incident);
    const ref = {
      incidentId: incident.id,
      platform: 'slack' as const,
      purpose: 'desk_card',
      conversationId: 'C1',
      messageId: '1.1',
      threadId: null,
      caption: null,
    };
    // The text posted with a Teams card, kept to be resent with every update (mentions included).
    const caption = {
      text: '<at>李娜</at> INC-000001 已分派给贵组',
      textFormat: 'markdown',
      entities: [{ type: 'mention', text: '<at>李娜</at>', mentioned: { id: '29:li', name: '李娜' } }],
    };
    // Each write answers with the card its place named until then (the one to retire).
    expect(await b.storage.upsertChatRef(ref)).toBeNull();
    expect(await b.storage.upsertChatRef({ ...ref, messageId: '1.2', threadId: '1.0' })).toEqual(ref);
    expect(await b.storage.upsertChatRef({ ...ref, messageId: '1.2', threadId: '1.0' })).toBeNull();
    await b.storage.upsertChatRef({
      ...ref,
      platform: 'teams',
      conversationId: '19:abc',
      messageId: 'act-1',
      caption,
    });

    expect(await b.storage.listChatRefs(incident.id)).toEqual([
      { ...ref, messageId: '1.2', threadId: '1.0' },
      { ...ref, platform: 'teams', conversationId: '19:abc', messageId: 'act-1', caption },
    ]);
    expect(await b.storage.findChatRef('teams', '19:abc', 'act-1')).toMatchObject({ caption });
    // A delivery batch's read: several incidents' cards in one statement.
    const other = newIncident();
    await insert(other);
    await b.storage.upsertChatRef({ ...ref, incidentId: other.id });
    const ofBoth = await b.storage.listChatRefsOf([incident.id, other.id, 'no-such-incident']);
    expect(ofBoth).toHaveLength(3);
    expect(ofBoth.filter((r) => r.incidentId === other.id)).toEqual([{ ...ref, incidentId: other.id }]);
    expect(await b.storage.listChatRefsOf([])).toEqual([]);
    // The mark that writes cards' places answers with the cards they replaced, in one statement.
    const replaced = await b.storage.markOutboxProcessed([], new Date(), [
      { ...ref, messageId: '1.3' },
      { ...ref, incidentId: other.id, messageId: '1.1' },
    ]);
    expect(replaced).toEqual([{ ...ref, messageId: '1.2', threadId: '1.0' }]);
  });

  it('answers ping', async () => {
    await expect(b.storage.ping()).resolves.toBeUndefined();
  });
});

describe('PostgreSQL concurrency', () => {
  let b: OpenBackend;
  beforeAll(async () => {
    const postgres = backends.find((x) => x.name === 'postgres');
    if (!postgres) throw new Error('postgres backend missing');
    b = await postgres.open();
  });
  afterAll(async () => {
    await b?.close();
  });

  /** Polls until `pid`'s transaction is blocking another backend (a lock wait, not a timer). */
  async function waitUntilBlocking(pid: number): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      const [row] = await queryRows<{ n: number }>(
        b.db.orm,
        sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`,
      );
      if (row && row.n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`backend ${pid} never blocked anyone`);
  }

  it('FOR UPDATE makes a second transaction wait until the first commits', async () => {
    const incident = newIncident();
    await b.storage.transaction((uow) => uow.writeChange(creation(incident)));
    const order: string[] = [];
    let letACommit = () => {};
    const aMayCommit = new Promise<void>((r) => {
      letACommit = r;
    });
    let aLocked = (_pid: number) => {};
    const aPid = new Promise<number>((r) => {
      aLocked = r;
    });

    const a = b.db.orm.transaction(async (tx) => {
      const uow = createUnitOfWork(tx);
      const got = await uow.lockIncident(incident.id);
      if (!got) throw new Error('A found nothing');
      const [me] = await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
      order.push('A locked');
      aLocked(me?.pid ?? -1);
      await aMayCommit;
      await uow.writeChange({ ...creation({ ...got, version: 2, title: 'by A' }), expectedVersion: 1 });
      order.push('A commits');
    });
    const pid = await aPid;

    const bTx = b.storage.transaction(async (uow) => {
      const got = await uow.lockIncident(incident.id);
      if (!got) throw new Error('B found nothing');
      order.push('B locked');
      const ok = await uow.writeChange({
        ...creation({ ...got, version: got.version + 1, title: `${got.title} then B` }),
        expectedVersion: got.version,
      });
      return { seen: got.version, ok };
    });
    try {
      await waitUntilBlocking(pid);
      expect(order).toEqual(['A locked']);
    } finally {
      letACommit(); // even on failure, so A ends and the pool can close
    }
    await a;
    expect(await bTx).toEqual({ seen: 2, ok: true });
    expect(order).toEqual(['A locked', 'A commits', 'B locked']);
    expect(await b.storage.getIncident(incident.id)).toMatchObject({ version: 3, title: 'by A then B' });
  });

  it('makes a duplicate delivery wait for the first and then see its result', async () => {
    const key = `slack:${randomUUID()}`;
    const incident = newIncident();
    let letACommit = () => {};
    const aMayCommit = new Promise<void>((r) => {
      letACommit = r;
    });
    let aReserved = (_pid: number) => {};
    const aPid = new Promise<number>((r) => {
      aReserved = r;
    });

    const a = b.db.orm.transaction(async (tx) => {
      const uow = createUnitOfWork(tx);
      const hit = await uow.findIdempotencyKey(key);
      const [me] = await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
      aReserved(me?.pid ?? -1);
      await aMayCommit;
      await uow.writeChange(creation(incident));
      await uow.saveIdempotencyKey(key, incident.id, { number: incident.number });
      return hit;
    });
    const pid = await aPid;
    const duplicate = b.storage.transaction((uow) => uow.findIdempotencyKey(key));
    try {
      await waitUntilBlocking(pid);
    } finally {
      letACommit();
    }
    expect(await a).toBeNull();
    expect(await duplicate).toEqual({ incidentId: incident.id, result: { number: incident.number } });
  });

  it('migrates once when several instances start at the same time', async () => {
    const schema = uniqueSchemaName('mig');
    try {
      const dbs = await Promise.all(
        [1, 2, 3, 4].map(() => openDatabase({ databaseUrl: testDatabaseUrl, schema })),
      );
      const [first] = dbs;
      if (!first) throw new Error('no database');
      const applied = await queryRows<{ n: number }>(
        first.orm,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(schema)}.__drizzle_migrations`,
      );
      const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith('.sql'));
      expect(applied).toEqual([{ n: files.length }]);
      const storage = createStorage(first);
      await expect(storage.ping()).resolves.toBeUndefined();
      await Promise.all(dbs.map((d) => d.close()));
    } finally {
      await dropSchema(testDatabaseUrl, schema);
    }
  });

  it('keeps isolated schemas apart', async () => {
    const [row] = await queryRows<{ schema: string; tables: number }>(
      b.db.orm,
      sql`SELECT current_schema() AS schema,
                 (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = current_schema()) AS tables`,
    );
    expect(row?.schema).toBe(b.db.schema);
    // Our tables plus drizzle's bookkeeping table.
    expect(row?.tables).toBe(OUR_TABLES + 1);
  });
});

describe('PGlite data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itss-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const childScript = fileURLToPath(new URL('../support/open-pglite.ts', import.meta.url));
  const openInChild = () =>
    run(process.execPath, ['--import', 'tsx', childScript, dir]).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );

  it('refuses a second opener while one holds the directory, and persists data across reopen', async () => {
    const db = await openDatabase({ dataDir: dir });
    const incident = newIncident();
    try {
      expect((await readFile(lockFilePath(dir), 'utf8')).trim()).toBe(String(process.pid));
      await createStorage(db).transaction((uow) => uow.writeChange(creation(incident)));

      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirLockedError);
      const child = await openInChild();
      expect(child.code).toBe(3);
      expect(child.stderr).toContain(`in use by process ${process.pid}`);
      expect(child.stderr).toContain(dir);
      expect(child.stderr).toContain('DATA_DIR');
    } finally {
      await db.close();
    }
    await expect(readFile(lockFilePath(dir), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });

    const again = createStorage(await openDatabase({ dataDir: dir }));
    try {
      expect(await again.getIncident(incident.id)).toStrictEqual(incident);
    } finally {
      await again.close();
    }
  });

  it('says a first set-up of the data directory before it starts and when it is done, only then', async () => {
    const fresh = join(await mkdtemp(join(tmpdir(), 'itss-first-')), 'data');
    try {
      const logs: string[] = [];
      await (await openDatabase({ dataDir: fresh, log: (m) => logs.push(m) })).close();
      expect(logs[0]).toBe(
        `database: setting up the embedded database in ${fresh} for the first time; this takes about 10–20 s`,
      );
      expect(logs.at(-1)).toMatch(
        new RegExp(`^database: embedded database set up in ${fresh} \\(\\d+\\.\\d s\\)$`),
      );
      const again: string[] = [];
      await (await openDatabase({ dataDir: fresh, log: (m) => again.push(m) })).close();
      expect(again).toEqual([`database: PGlite in ${fresh}`]);
    } finally {
      await rm(dirname(fresh), { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a lock held by another live process', async () => {
    const lockDir = await mkdtemp(join(tmpdir(), 'itss-lock-'));
    await writeFile(lockFilePath(lockDir), `${process.ppid}\n`);
    const err = await acquireDataDirLock(lockDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirLockedError);
    expect(err).toMatchObject({ pid: process.ppid, message: expect.stringContaining(lockDir) });
    expect((await readFile(lockFilePath(lockDir), 'utf8')).trim()).toBe(String(process.ppid));
    await rm(lockDir, { recursive: true });
  });

  it('takes over a stale lock left by a dead process', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(lockFilePath(dir), `${dead}\n`);
    const logs: string[] = [];
    const db = await openDatabase({ dataDir: dir, log: (m) => logs.push(m) });
    try {
      expect((await readFile(lockFilePath(dir), 'utf8')).trim()).toBe(String(process.pid));
      expect(logs.join('\n')).toContain(`process ${dead} is gone`);
    } finally {
      await db.close();
    }
  });

  it('takes over a lock carrying our own pid that this process does not hold (restart as pid 1)', async () => {
    const lockDir = await mkdtemp(join(tmpdir(), 'itss-lock-'));
    await writeFile(lockFilePath(lockDir), `${process.pid}\n`);
    const lock = await acquireDataDirLock(lockDir);
    await expect(acquireDataDirLock(lockDir)).rejects.toThrow(/this process/);
    await lock.release();
    await expect(readdir(lockDir)).resolves.toEqual([]);
    await rm(lockDir, { recursive: true });
  });
});

describe('PGlite with a schema', () => {
  it('migrates into the schema and keeps its bookkeeping there', async () => {
    const db = await openDatabase({ dataDir: 'memory://', schema: 'isolated' });
    try {
      const rows = await queryRows<{ table_schema: string; n: number }>(
        db.orm,
        sql`SELECT table_schema, count(*)::int AS n FROM information_schema.tables
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema') GROUP BY table_schema`,
      );
      expect(rows).toEqual([{ table_schema: 'isolated', n: OUR_TABLES + 1 }]);
      const incident = fullIncident();
      const storage = createStorage(db);
      await storage.transaction((uow) => uow.writeChange(creation(incident)));
      expect(await storage.getIncident(incident.id)).toMatchObject({
        id: incident.id,
        onsite: incident.onsite,
      });
    } finally {
      await db.close();
    }
  });
});

describe('migrations', () => {
  it('carry no public schema qualifiers, so they follow search_path', async () => {
    const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      // After `drizzle-kit generate`, run `npx tsx db/strip-public-schema.ts`.
      expect(await readFile(join(MIGRATIONS_FOLDER, f), 'utf8'), f).not.toMatch(/"public"\./);
    }
  });
});

describe.each(backends)('conversation references on $name', ({ open }) => {
  it('stores, replaces and finds a proactive address', async () => {
    const b = await open();
    try {
      const ref = {
        platform: 'teams',
        scope: 'user',
        key: 'aad-1',
        reference: { serviceUrl: 'http://a', n: 1 },
      };
      await b.storage.saveConversationRef(ref);
      await b.storage.saveConversationRef({ ...ref, reference: { serviceUrl: 'http://b', n: 2 } });
      expect(await b.storage.getConversationRef('teams', 'user', 'aad-1')).toEqual({
        ...ref,
        reference: { serviceUrl: 'http://b', n: 2 },
      });
      expect(await b.storage.getConversationRef('teams', 'channel', 'aad-1')).toBeNull();
    } finally {
      await b.close();
    }
  });
});
