// The chat delivery's bookkeeping, run for nearly every transition delivered: the cards an
// incident has (chat_refs), remembering a new one, and marking delivered outbox rows. Prepared
// and hand-written: through the query builder each statement was built anew every time (its
// SQL text, and for the marks a text per number of ids), which cost more of the bot's CPU than
// sending it; one text each now, prepared once per connection.
import type { ChatPlatform, ChatRef } from '../src/app/ports.js';
import type { Orm } from './connect.js';
import { eachId } from './each-id.js';
import { groupCommit } from './group-commit.js';
import { preparedRows } from './sql-rows.js';

const LIST_CHAT_REFS = `SELECT incident_id, platform, purpose, conversation_id, message_id, thread_id, caption
  FROM chat_refs WHERE incident_id = $1::text ORDER BY platform, purpose, conversation_id`;

interface ChatRefRow {
  incident_id: string;
  platform: string;
  purpose: string;
  conversation_id: string;
  message_id: string;
  thread_id: string | null;
  caption: Record<string, unknown> | null;
}

export async function listChatRefs(orm: Orm, incidentId: string): Promise<ChatRef[]> {
  return (await preparedRows<ChatRefRow>(orm, 'list_chat_refs', LIST_CHAT_REFS, [incidentId])).map(chatRef);
}

/** Each incident's cards by the key's first column (db/each-id.ts), not `incident_id = ANY($1)`. */
export const LIST_CHAT_REFS_OF = `SELECT c.* FROM ${eachId(
  '$1',
  LIST_CHAT_REFS.replace('incident_id = $1::text', 'incident_id = u.id').replace(
    ' ORDER BY platform, purpose, conversation_id',
    '',
  ),
  'c',
)}
  ORDER BY c.incident_id, c.platform, c.purpose, c.conversation_id`;

/** listChatRefs for several incidents in one statement (a delivery batch's). */
export async function listChatRefsOf(orm: Orm, incidentIds: readonly string[]): Promise<ChatRef[]> {
  if (incidentIds.length === 0) return [];
  const rows = await preparedRows<ChatRefRow>(orm, 'list_chat_refs_of', LIST_CHAT_REFS_OF, [
    [...incidentIds],
  ]);
  return rows.map(chatRef);
}

function chatRef(r: ChatRefRow): ChatRef {
  return {
    incidentId: r.incident_id,
    platform: r.platform as ChatPlatform,
    purpose: r.purpose,
    conversationId: r.conversation_id,
    messageId: r.message_id,
    threadId: r.thread_id,
    caption: r.caption,
  };
}

/**
 * Same incident, platform, purpose and conversation: the message is replaced, and the one it
 * replaced is returned — read under the row's lock in the same statement, so it is the card this
 * write took the place of even when another process replaced it since the caller's read (a Teams
 * "open from a list" racing a delivery batch): that card is the one to retire. `old` is read
 * before the INSERT runs (the INSERT's rows wait for its count): read after, the row updated by
 * this very statement would be skipped by FOR UPDATE. Not covered: two first cards of one place
 * at once (no row to lock yet; the later wins, the earlier is not returned).
 */
const UPSERT_CHAT_REF = `WITH old AS (SELECT incident_id, platform, purpose, conversation_id, message_id, thread_id, caption
    FROM chat_refs WHERE incident_id = $1::text AND platform = $2::text AND purpose = $3::text
      AND conversation_id = $4::text FOR UPDATE),
  kept AS (INSERT INTO chat_refs
    (incident_id, platform, purpose, conversation_id, message_id, thread_id, caption)
  SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb FROM (SELECT count(*) FROM old) AS locked
  ON CONFLICT (incident_id, platform, purpose, conversation_id)
  DO UPDATE SET message_id = excluded.message_id, thread_id = excluded.thread_id,
    caption = excluded.caption, updated_at = now())
  SELECT * FROM old WHERE message_id <> $5::text`;

/** Keeps `ref` as its place's card; returns the card the place named until then (null: none, or
 *  this one). */
export async function upsertChatRef(orm: Orm, ref: ChatRef): Promise<ChatRef | null> {
  const replaced = await preparedRows<ChatRefRow>(orm, 'upsert_chat_ref', UPSERT_CHAT_REF, [
    ref.incidentId,
    ref.platform,
    ref.purpose,
    ref.conversationId,
    ref.messageId,
    ref.threadId,
    ref.caption ? JSON.stringify(ref.caption) : null,
  ]);
  return replaced[0] ? chatRef(replaced[0]) : null;
}

const MARK_PROCESSED = 'UPDATE outbox SET processed_at = $1::timestamptz WHERE id = ANY($2::bigint[])';

export async function markOutboxProcessed(orm: Orm, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await preparedRows(orm, 'mark_outbox_processed', MARK_PROCESSED, [at.toISOString(), [...ids]]);
}

/** Several marks, each row with its own time, in one statement (times as text: postgres-js
 *  sends no timestamptz[] parameter). */
const MARK_EACH_PROCESSED = `UPDATE outbox AS o SET processed_at = m.at::timestamptz
  FROM unnest($1::bigint[], $2::text[]) AS m(id, at) WHERE o.id = m.id`;

/** The marks with the cards their rows posted (UPSERT_CHAT_REF's rows), in one statement and so
 *  one commit: a card's place is written when the row that posted it is marked delivered. Returns
 *  the cards those places named until then, read under their locks as UPSERT_CHAT_REF does
 *  (locked in place order, one place after another: two batches do not deadlock). Each place is
 *  read through its incident's key (db/each-id.ts): joined to the refs, the plan kept was a hash
 *  of the whole table; and the rest of the place is compared so that no index can take it (the
 *  key's columns are never null), or the plan kept could be chat_refs_message_idx by platform and
 *  channel — every card of the desk's channel. */
export const MARK_EACH_PROCESSED_KEEPING = `WITH refs AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[],
      $7::text[], $8::text[], $9::jsonb[])
    AS r(incident_id, platform, purpose, conversation_id, message_id, thread_id, caption)),
  old AS (SELECT c.* FROM (SELECT * FROM refs ORDER BY incident_id, platform, purpose, conversation_id) AS r,
    LATERAL (SELECT c.incident_id, c.platform, c.purpose, c.conversation_id, c.message_id, c.thread_id, c.caption
      FROM chat_refs AS c WHERE c.incident_id = r.incident_id
        AND (c.platform, c.purpose, c.conversation_id) IS NOT DISTINCT FROM (r.platform, r.purpose, r.conversation_id)
      OFFSET 0 FOR UPDATE) AS c),
  kept AS (INSERT INTO chat_refs
    (incident_id, platform, purpose, conversation_id, message_id, thread_id, caption)
  SELECT refs.* FROM refs, (SELECT count(*) FROM old) AS locked
  ON CONFLICT (incident_id, platform, purpose, conversation_id)
  DO UPDATE SET message_id = excluded.message_id, thread_id = excluded.thread_id,
    caption = excluded.caption, updated_at = now()),
  marked AS (${MARK_EACH_PROCESSED})
  SELECT * FROM old`;

interface Mark {
  ids: readonly number[];
  at: Date;
  refs: readonly ChatRef[];
}

/**
 * markOutboxProcessed for a process's deliveries: a mark asked while another is on its way goes
 * with the others asked meanwhile, in the next statement (group-commit.ts). The delivery marks
 * each incident's rows right after they went, several incidents at once: one statement each
 * was 0.38 per transition of the core bench, each planned anew (a custom plan for its array).
 * Each caller still returns only once its own rows are marked, each row with its own time.
 * `refs`: cards the rows posted, kept in the same statement (OutboxDelivery.attemptInOrder).
 */
export function groupedOutboxMarks(
  orm: Orm,
): (ids: readonly number[], at: Date, refs?: readonly ChatRef[]) => Promise<ChatRef[]> {
  const mark = groupCommit<Mark, ChatRef[]>(async (marks) => {
    const { refs, superseded } = lastOfEachPlace(marks.flatMap((m) => m.refs));
    let replaced: ChatRef[] = [];
    if (marks.length === 1 && refs.length === 0) {
      const [only] = marks as [Mark];
      await markOutboxProcessed(orm, only.ids, only.at);
    } else {
      const ids = marks.flatMap((m) => m.ids);
      const ats = marks.flatMap((m) => m.ids.map(() => m.at.toISOString()));
      if (refs.length === 0)
        await preparedRows(orm, 'mark_each_outbox_processed', MARK_EACH_PROCESSED, [ids, ats]);
      else
        replaced = (
          await preparedRows<ChatRefRow>(
            orm,
            'mark_each_outbox_processed_keeping',
            MARK_EACH_PROCESSED_KEEPING,
            [ids, ats, ...refColumns(refs)],
          )
        ).map(chatRef);
    }
    // Each mark is answered with what its own written cards replaced: in the database, or a card
    // of an earlier mark of this statement for the same place (never written).
    const old = [...replaced, ...superseded];
    const written = new Set(refs);
    return marks.map((m) =>
      old.filter((o) => m.refs.some((r) => written.has(r) && samePlace(r, o) && r.messageId !== o.messageId)),
    );
  }, 1);
  return (ids, at, refs = []) =>
    ids.length === 0 && refs.length === 0 ? Promise.resolve([]) : mark({ ids, at, refs });
}

const placeKey = (r: ChatRef) => JSON.stringify([r.incidentId, r.platform, r.purpose, r.conversationId]);
const samePlace = (a: ChatRef, b: ChatRef) => placeKey(a) === placeKey(b);

/** One INSERT … ON CONFLICT may not touch a row twice: of two refs for one place, the later is
 *  written and the earlier `superseded` (its card replaced without its place ever written).
 *  Sorted by place, the order their rows are locked in. */
function lastOfEachPlace(refs: readonly ChatRef[]): { refs: ChatRef[]; superseded: ChatRef[] } {
  const byPlace = new Map<string, ChatRef>();
  const superseded: ChatRef[] = [];
  for (const r of refs) {
    const earlier = byPlace.get(placeKey(r));
    if (earlier) superseded.push(earlier);
    byPlace.set(placeKey(r), r);
  }
  return { refs: [...byPlace.keys()].sort().map((k) => byPlace.get(k) as ChatRef), superseded };
}

function refColumns(refs: readonly ChatRef[]): (string | null)[][] {
  return [
    refs.map((r) => r.incidentId),
    refs.map((r) => r.platform),
    refs.map((r) => r.purpose),
    refs.map((r) => r.conversationId),
    refs.map((r) => r.messageId),
    refs.map((r) => r.threadId),
    refs.map((r) => (r.caption ? JSON.stringify(r.caption) : null)),
  ];
}
