// KnowledgePort over drizzle: entries, their index and term statistics, written together in one
// transaction so an import is all or nothing and the IDF counts never drift from the entries.
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type {
  AuditRecord,
  KnowledgeEntry,
  KnowledgeEntryInput,
  KnowledgeKind,
  KnowledgePort,
  KnowledgeStatus,
} from '../src/app/ports.js';
import { SavedFromChatRefs } from '../src/app/saved-from-chat.js';
import { DomainError } from '../src/core/errors.js';
import type { Analyzer } from '../src/core/matching/analyzer.js';
import type { Database, Orm } from './connect.js';
import { heldIncidentsOf } from './held-incidents.js';
import { syncResolvedIncidents } from './incident-candidates.js';
import {
  applyTermDeltas,
  countInto,
  DOCS_TERM,
  distinctKeys,
  storedKeys,
  toTsvector,
} from './knowledge-index.js';
import { auditEvents, idempotencyKeys, incidents, knowledgeEntries } from './schema.js';
import { queryRows } from './sql-rows.js';

type Row = typeof knowledgeEntries.$inferSelect;
type Values = typeof knowledgeEntries.$inferInsert;

const CHUNK = 500;

export function createKnowledgeStore(db: Database, analyzer: Analyzer): KnowledgePort {
  const { orm } = db;
  const held = heldIncidentsOf(db);
  /**
   * A transaction that may change an incident's resolution.savedAs (markSavedAs), which keeps the
   * incident's version: the incident this process holds is dropped when it is written and again
   * once the transaction is over (a command that held the row lock meanwhile commits first, and
   * may have held the row as it was before).
   */
  const savingAs = async <T>(run: (tx: Orm, touched: (id: string) => void) => Promise<T>): Promise<T> => {
    const ids: string[] = [];
    const touched = (id: string) => {
      ids.push(id);
      held.invalidate(id);
    };
    try {
      return await orm.transaction((tx) => run(tx, touched));
    } finally {
      for (const id of ids) held.invalidate(id);
    }
  };
  return {
    importEntries: (entries, opts = {}) =>
      orm.transaction(async (tx) => {
        await refuseSavedFromChat(tx, entries);
        return writeEntries(tx, analyzer, entries, opts.onProgress);
      }),
    createEntry: (entry, audit, idempotencyKey) =>
      savingAs(async (tx, touched) => {
        const earlier = idempotencyKey
          ? await takeKey(tx, idempotencyKey, entry.originIncidentId ?? null)
          : null;
        if (earlier) return earlier;
        if (entry.originIncidentId && entry.kind !== 'incident')
          await refuseSecondSave(tx, entry.originIncidentId);
        const { refs } = await writeEntries(tx, analyzer, [entry]);
        const created = await getEntry(tx, refs[0] as string);
        if (!created) throw new Error('entry vanished inside its own transaction');
        if (entry.originIncidentId && entry.kind !== 'incident')
          await markSavedAs(tx, touched, entry.originIncidentId, created.ref);
        await appendAudit(tx, audit?.(created) ?? []);
        if (idempotencyKey)
          await tx
            .update(idempotencyKeys)
            .set({ result: { ref: created.ref } })
            .where(eq(idempotencyKeys.key, idempotencyKey));
        return created;
      }),
    getEntry: (ref) => getEntry(orm, ref),
    async listEntries({ status, limit = 50 }) {
      const rows = await orm
        .select()
        .from(knowledgeEntries)
        .where(
          and(
            ne(knowledgeEntries.kind, 'incident'),
            status ? eq(knowledgeEntries.status, status) : undefined,
          ),
        )
        .orderBy(desc(knowledgeEntries.updatedAt), desc(knowledgeEntries.id))
        .limit(limit);
      return rows.map(toEntry);
    },
    setStatus: (ref, status, verifiedAt, audit = []) =>
      savingAs(async (tx, touched) => {
        const entry = await getEntry(tx, ref);
        if (!entry) return false;
        const revived = status !== 'retired' && entry.status === 'retired';
        if (revived && entry.originIncidentId && entry.kind !== 'incident')
          await refuseSecondSave(tx, entry.originIncidentId);
        const changed = await setStatus(tx, ref, status, verifiedAt);
        if (entry.originIncidentId && entry.kind !== 'incident' && status !== entry.status)
          await markSavedAs(tx, touched, entry.originIncidentId, status === 'retired' ? null : ref, ref);
        await appendAudit(tx, audit);
        return changed;
      }),
    syncResolvedIncidents: (limit = 500) =>
      orm.transaction((tx) =>
        syncResolvedIncidents(tx, (entries) => writeEntries(tx, analyzer, entries), limit),
      ),
    reindex: () => orm.transaction((tx) => reindex(tx, analyzer)),
  };
}

/**
 * One live entry saved from an incident: a second "save as knowledge" (two agents, or one
 * clicking twice) is told which entry holds it. The lock makes the check and the insert one
 * step for concurrent saves of the same incident; the partial unique index backs it up.
 */
async function refuseSecondSave(tx: Orm, incidentId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`kb-saved-from:${incidentId}`}))`);
  const [live] = await tx
    .select({ ref: knowledgeEntries.ref })
    .from(knowledgeEntries)
    .where(
      and(
        eq(knowledgeEntries.originIncidentId, incidentId),
        ne(knowledgeEntries.kind, 'incident'),
        ne(knowledgeEntries.status, 'retired'),
      ),
    )
    .limit(1);
  if (live) throw new DomainError('already_saved', { ref: live.ref });
}

/**
 * The incident's resolution remembers the live entry it was saved as (its cards stop offering
 * "save as knowledge"). Not a process change: the version stays. Clearing only clears `ref`.
 */
/** `touched`: told of the incident first (its version does not change: see savingAs). */
async function markSavedAs(
  tx: Orm,
  touched: (id: string) => void,
  incidentId: string,
  savedAs: string | null,
  ref = savedAs,
) {
  touched(incidentId);
  await tx.execute(sql`
    UPDATE incidents
       SET resolution = jsonb_set(resolution, '{savedAs}', COALESCE(to_jsonb(${savedAs}::text), 'null'::jsonb)),
           updated_at = now()
     WHERE id = ${incidentId} AND resolution IS NOT NULL
       AND (${savedAs}::text IS NOT NULL OR resolution->>'savedAs' = ${ref}::text)`);
}

async function setStatus(
  tx: Orm,
  ref: string,
  status: KnowledgeStatus,
  verifiedAt: Date | null,
): Promise<boolean> {
  const changed = await tx
    .update(knowledgeEntries)
    .set({
      status,
      lastVerifiedAt: verifiedAt ?? sql`${knowledgeEntries.lastVerifiedAt}`,
      updatedAt: sql`now()`,
    })
    .where(eq(knowledgeEntries.ref, ref))
    .returning({ id: knowledgeEntries.id });
  return changed.length > 0;
}

export async function appendAudit(tx: Orm, audit: readonly Omit<AuditRecord, 'id'>[]): Promise<void> {
  if (audit.length > 0) await tx.insert(auditEvents).values([...audit]);
}

async function getEntry(orm: Orm, ref: string): Promise<KnowledgeEntry | null> {
  const [row] = await orm.select().from(knowledgeEntries).where(eq(knowledgeEntries.ref, ref));
  return row ? toEntry(row) : null;
}

/** Inserts new entries, updates those whose ref exists; keeps knowledge_terms in step. */
const PROGRESS_EVERY = 1000;

async function writeEntries(
  tx: Orm,
  analyzer: Analyzer,
  entries: readonly KnowledgeEntryInput[],
  onProgress?: (done: number, total: number) => void,
) {
  const given = entries.map((e) => e.ref).filter((r): r is string => !!r);
  const twice = given.find((r, i) => given.indexOf(r) !== i);
  if (twice) throw new Error(`ref ${twice} appears more than once in one import`);
  const existing = new Map<string, number>();
  for (let i = 0; i < given.length; i += CHUNK) {
    const rows = await tx
      .select({ id: knowledgeEntries.id, ref: knowledgeEntries.ref })
      .from(knowledgeEntries)
      .where(inArray(knowledgeEntries.ref, given.slice(i, i + CHUNK)));
    for (const r of rows) existing.set(r.ref, r.id);
  }
  const fresh = await allocateRefs(tx, entries.filter((e) => !e.ref).length);
  const old = await storedKeys(tx, [...existing.values()]);
  const deltas = new Map<string, number>();
  const inserts: Values[] = [];
  const refs: string[] = [];
  let updated = 0;
  for (const entry of entries) {
    const ref = entry.ref || (fresh.shift() as string);
    refs.push(ref);
    const fields = analyzer.index(entry);
    if (onProgress && refs.length % PROGRESS_EVERY === 0) onProgress(refs.length, entries.length);
    const values = {
      ...toValues(entry, ref),
      searchVector: toTsvector(fields),
      titleTerms: fields.title.length,
    };
    countInto(deltas, distinctKeys(fields), 1);
    const id = existing.get(ref);
    if (id === undefined) {
      inserts.push(values);
      continue;
    }
    countInto(deltas, old.get(id) ?? [], -1);
    await tx
      .update(knowledgeEntries)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(knowledgeEntries.ref, ref));
    updated++;
  }
  deltas.set(DOCS_TERM, (deltas.get(DOCS_TERM) ?? 0) + inserts.length);
  for (let i = 0; i < inserts.length; i += CHUNK)
    await tx.insert(knowledgeEntries).values(inserts.slice(i, i + CHUNK));
  await applyTermDeltas(tx, deltas);
  if (given.some((r) => /^KB-\d+$/.test(r))) await bumpRefSequence(tx);
  return { created: inserts.length, updated, refs };
}

/**
 * An import updates the entry of each ref it names, but not one an agent saved from chat: refs of
 * both come from knowledge_ref_seq (KB-000204), so a desk's own numbering may meet a chat draft's.
 * Refused as a whole (imports are all or nothing), naming each ref and its incident.
 */
async function refuseSavedFromChat(tx: Orm, entries: readonly KnowledgeEntryInput[]): Promise<void> {
  const given = entries.map((e) => e.ref).filter((r): r is string => !!r);
  const found = new Map<string, string>();
  for (let i = 0; i < given.length; i += CHUNK) {
    const rows = await tx
      .select({ ref: knowledgeEntries.ref, number: incidents.number })
      .from(knowledgeEntries)
      .innerJoin(incidents, eq(incidents.id, knowledgeEntries.originIncidentId))
      .where(
        and(inArray(knowledgeEntries.ref, given.slice(i, i + CHUNK)), ne(knowledgeEntries.kind, 'incident')),
      );
    for (const r of rows) found.set(r.ref, r.number);
  }
  if (found.size > 0) throw new SavedFromChatRefs(found);
}

async function allocateRefs(tx: Orm, n: number): Promise<string[]> {
  if (n === 0) return [];
  const rows = await queryRows<{ ref: string }>(
    tx,
    sql`SELECT 'KB-' || lpad(nextval('knowledge_ref_seq')::text, 6, '0') AS ref FROM generate_series(1, ${n}::int)`,
  );
  return rows.map((r) => r.ref);
}

/** Imported KB-000123 refs must not be handed out again by the sequence. */
async function bumpRefSequence(tx: Orm): Promise<void> {
  await tx.execute(sql`
    SELECT setval('knowledge_ref_seq', GREATEST(
      (SELECT last_value FROM knowledge_ref_seq),
      (SELECT COALESCE(max(substring(ref FROM '^KB-(\\d+)$')::bigint), 1) FROM knowledge_entries)))`);
}

function toValues(e: KnowledgeEntryInput, ref: string): Omit<Values, 'searchVector'> {
  return {
    ref,
    kind: e.kind,
    status: e.status,
    title: e.title,
    symptoms: e.symptoms,
    solution: e.solution,
    category: e.category,
    tags: [...e.tags],
    sourceUrl: e.sourceUrl,
    lastVerifiedAt: e.lastVerifiedAt,
    originIncidentId: e.originIncidentId ?? null,
    createdBy: e.createdBy ?? null,
  };
}

/** Re-analyses every entry (after a glossary or analyzer change) and recounts the terms. */
async function reindex(tx: Orm, analyzer: Analyzer): Promise<number> {
  await tx.execute(sql`DELETE FROM knowledge_terms`);
  const deltas = new Map<string, number>();
  let lastId = 0;
  let count = 0;
  for (;;) {
    const rows = await tx
      .select()
      .from(knowledgeEntries)
      .where(sql`${knowledgeEntries.id} > ${lastId}`)
      .orderBy(knowledgeEntries.id)
      .limit(CHUNK);
    if (rows.length === 0) break;
    for (const row of rows) {
      const fields = analyzer.index(row);
      countInto(deltas, distinctKeys(fields), 1);
      await tx
        .update(knowledgeEntries)
        .set({ searchVector: toTsvector(fields), titleTerms: fields.title.length })
        .where(eq(knowledgeEntries.id, row.id));
    }
    count += rows.length;
    lastId = rows[rows.length - 1]?.id ?? lastId;
  }
  deltas.set(DOCS_TERM, count);
  await applyTermDeltas(tx, deltas);
  return count;
}

export function toEntry(r: Row): KnowledgeEntry {
  return {
    ref: r.ref,
    kind: r.kind as KnowledgeKind,
    status: r.status as KnowledgeStatus,
    title: r.title,
    symptoms: r.symptoms,
    solution: r.solution,
    category: r.category,
    tags: r.tags,
    sourceUrl: r.sourceUrl,
    lastVerifiedAt: r.lastVerifiedAt,
    originIncidentId: r.originIncidentId,
    createdBy: r.createdBy,
    helped: r.helped,
    notHelped: r.notHelped,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * Takes the key for this transaction (a concurrent holder makes it wait); null when it was
 * fresh. Taken before: the entry its first use created, or null if that left no entry.
 */
async function takeKey(tx: Orm, key: string, incidentId: string | null): Promise<KnowledgeEntry | null> {
  const taken = await tx
    .insert(idempotencyKeys)
    .values({ key, incidentId, result: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (taken.length > 0) return null;
  const [row] = await tx
    .select({ result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key));
  const ref = row?.result.ref;
  return typeof ref === 'string' ? getEntry(tx, ref) : null;
}
