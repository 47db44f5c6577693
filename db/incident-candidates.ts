// Earlier incidents as match candidates (IM2.7 "similar earlier records"): an incident resolved
// as solved or by workaround becomes a published `incident` entry (ref = its number). Resolutions
// that applied a knowledge entry are skipped: that entry is already a candidate. Reopened,
// cancelled or not-solved incidents are retired again.
import { sql } from 'drizzle-orm';
import type { ImportResult, KnowledgeEntryInput } from '../src/app/ports.js';
import type { Orm } from './connect.js';
import type { ResolutionJson } from './schema.js';
import { queryRows } from './sql-rows.js';

interface Candidate {
  id: string;
  number: string;
  title: string;
  description: string;
  category: string | null;
  resolution: ResolutionJson | null;
  qualifies: boolean;
  entry_ref: string | null;
}

/** Same condition in SQL, so rows that need nothing are never fetched. */
const QUALIFIES = sql.raw(`(i.status IN ('resolved', 'closed')
  AND i.resolution->>'code' IN ('solved', 'workaround')
  AND i.resolution->>'matchRef' IS NULL
  AND coalesce(i.closure_code, i.resolution->>'code') IN ('solved', 'workaround'))`);

export async function syncResolvedIncidents(
  tx: Orm,
  write: (entries: readonly KnowledgeEntryInput[]) => Promise<ImportResult>,
  limit: number,
): Promise<{ indexed: number; retired: number }> {
  const rows = await queryRows<Candidate>(
    tx,
    sql`SELECT i.id, i.number, i.title, i.description, i.category, i.resolution,
               ${QUALIFIES} AS qualifies, e.ref AS entry_ref
        FROM incidents i
        LEFT JOIN knowledge_entries e ON e.origin_incident_id = i.id AND e.kind = 'incident'
        WHERE (${QUALIFIES} AND (e.id IS NULL OR e.updated_at < i.updated_at))
           OR (NOT ${QUALIFIES} AND e.status = 'published')
        ORDER BY i.updated_at
        LIMIT ${limit}`,
  );
  const index = rows.filter((r) => r.qualifies && r.resolution);
  const retire = rows.filter((r) => !r.qualifies && r.entry_ref).map((r) => r.entry_ref as string);
  if (index.length > 0) await write(index.map(toEntry));
  if (retire.length > 0)
    await tx.execute(sql`UPDATE knowledge_entries SET status = 'retired', updated_at = now()
      WHERE ref IN (SELECT jsonb_array_elements_text(${JSON.stringify(retire)}::jsonb))`);
  return { indexed: index.length, retired: retire.length };
}

function toEntry(r: Candidate): KnowledgeEntryInput {
  const resolution = r.resolution as ResolutionJson;
  return {
    ref: r.number,
    kind: 'incident',
    title: r.title,
    symptoms: r.description,
    solution: resolution.solution,
    category: r.category,
    tags: [],
    sourceUrl: null,
    status: 'published',
    lastVerifiedAt: new Date(resolution.at),
    originIncidentId: r.id,
    createdBy: resolution.by,
  };
}
