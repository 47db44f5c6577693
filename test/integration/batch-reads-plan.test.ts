import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_CHAT_REFS_OF, MARK_EACH_PROCESSED_KEEPING } from '../../db/delivery-rows.js';
import { LOAD_INCIDENTS, LOAD_INCIDENTS_AND_KNOWLEDGE, LOCK_INCIDENTS } from '../../db/incident-queries.js';
import { preparedRows } from '../../db/sql-rows.js';
import { AUDIT_BY_ACTION } from '../../db/timer-queries.js';
import { TIMER_ACTIONS } from '../../src/core/steps/timers.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { auditRowsOver, genericPlanOf } from '../support/generic-plan.js';
import { creation, newIncident } from '../support/incidents.js';

/** The array forms these statements had, as a baseline: each was a sequential scan. */
const ARRAY_FORMS = {
  lock: 'SELECT 1 FROM incidents WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE',
  audit: `SELECT id FROM audit_events WHERE incident_id = ANY($1::text[]) AND action = ANY($2::text[]) ORDER BY id`,
  cards: `SELECT incident_id FROM chat_refs WHERE incident_id = ANY($1::text[]) ORDER BY incident_id, platform, purpose, conversation_id`,
};

describe.each(backends)('a batch of incidents read by id, on tables never analysed, on $name', ({ open }) => {
  let b: OpenBackend;
  let ids: string[];

  beforeAll(async () => {
    b = await open();
    const incidents = Array.from({ length: 60 }, () => newIncident());
    ids = incidents.map((i) => i.id);
    const at = new Date('2026-03-03T12:00:00.000Z');
    await b.storage.transaction(async (uow) => {
      for (const incident of incidents) await uow.writeChange(creation(incident));
      await uow.appendAudit(auditRowsOver(ids, 600, at));
    });
    for (const [n, id] of ids.entries())
      for (const purpose of ['desk', 'team'])
        await b.storage.upsertChatRef({
          incidentId: id,
          platform: 'slack',
          purpose,
          conversationId: purpose === 'desk' ? 'CDESK' : 'CTEAM',
          messageId: `${n}.${purpose}`,
          threadId: null,
          caption: null,
        });
  }, 60_000);
  afterAll(() => b.close());

  const genericPlan = (text: string, types: string, args: string) => genericPlanOf(b.db, text, types, args);

  const some = () => `'{${ids.slice(0, 5).join(',')}}'`;
  const actions = `'{${TIMER_ACTIONS.join(',')}}'`;
  const SCAN = /Seq Scan on (incidents|audit_events|chat_refs)/;

  it('the array forms were sequential scans (the case this is about)', async () => {
    expect(await genericPlan(ARRAY_FORMS.lock, 'text[]', some())).toMatch(SCAN);
    expect(await genericPlan(ARRAY_FORMS.audit, 'text[], text[]', `${some()}, ${actions}`)).toMatch(SCAN);
    expect(await genericPlan(ARRAY_FORMS.cards, 'text[]', some())).toMatch(SCAN);
  });

  it.each([
    ['the relay’s locks', LOCK_INCIDENTS, 'text[]', /incidents_pkey/],
    ['the incidents', LOAD_INCIDENTS, 'text[]', /incidents_pkey/],
    ['the incidents and knowledge version', LOAD_INCIDENTS_AND_KNOWLEDGE, 'text[]', /incidents_pkey/],
    ['the timer audit', AUDIT_BY_ACTION, 'text[], text[]', /audit_events_incident_idx/],
    ['the cards', LIST_CHAT_REFS_OF, 'text[]', /chat_refs_pkey/],
  ])('%s go by index, one id at a time', async (_, text, types, index) => {
    const args = types === 'text[]' ? some() : `${some()}, ${actions}`;
    const plan = await genericPlan(text, types, args);
    expect(plan).toMatch(index);
    expect(plan).not.toMatch(SCAN);
  });

  it('the marks keeping cards read each place through its incident’s key, not the channel’s', async () => {
    const types = 'bigint[], text[], text[], text[], text[], text[], text[], text[], jsonb[]';
    const args = `'{1}', '{2026-03-03T12:00:00Z}', '{${ids[0]}}', '{slack}', '{desk}', '{CDESK}', '{x}', '{NULL}', '{NULL}'`;
    const plan = await genericPlan(MARK_EACH_PROCESSED_KEEPING, types, args);
    expect(plan).toMatch(/chat_refs_pkey/);
    expect(plan).not.toMatch(/chat_refs_message_idx/);
    expect(plan).not.toMatch(SCAN);
  });

  it('answer what the array forms answered', async () => {
    const batch = [ids[3], ids[1], ids[2], ids[1], 'missing'] as string[];
    const audit = await preparedRows<{ id: number | string }>(b.db.orm, 'p_audit', AUDIT_BY_ACTION, [
      batch,
      ['escalated', 'classified'],
    ]);
    const auditBefore = await preparedRows<{ id: number | string }>(b.db.orm, 'p_audit0', ARRAY_FORMS.audit, [
      batch,
      ['escalated', 'classified'],
    ]);
    expect(audit.map((r) => Number(r.id))).toEqual(auditBefore.map((r) => Number(r.id)));
    expect(audit.length).toBe(30);
    const cards = await preparedRows<{ incident_id: string; message_id: string }>(
      b.db.orm,
      'p_cards',
      LIST_CHAT_REFS_OF,
      [batch],
    );
    const cardsBefore = await preparedRows<{ incident_id: string }>(b.db.orm, 'p_cards0', ARRAY_FORMS.cards, [
      batch,
    ]);
    expect(cards.map((r) => r.incident_id)).toEqual(cardsBefore.map((r) => r.incident_id));
    const byId = [1, 2, 3].sort((x, y) => ((ids[x] as string) < (ids[y] as string) ? -1 : 1));
    expect(cards.map((r) => r.message_id)).toEqual(byId.flatMap((n) => [`${n}.desk`, `${n}.team`]));
    const docs = await preparedRows<{ doc: string; knowledge: string | null }>(
      b.db.orm,
      'p_docs',
      LOAD_INCIDENTS_AND_KNOWLEDGE,
      [batch],
    );
    expect(docs.map((r) => JSON.parse(r.doc).incident.id).sort()).toEqual([ids[1], ids[2], ids[3]].sort());
    const locked = await b.storage.transaction((uow) => uow.lockIncidents(batch));
    expect(locked.map((i) => i.id).sort()).toEqual([ids[1], ids[2], ids[3]].sort());
  });
});
