// How analysed terms are stored: one tsvector per entry with the field as the weight label
// (title A, symptoms/tags B, solution D), and per-term document frequencies for IDF.
// The tsvector is written as a literal rather than to_tsvector('simple', …): the terms are already
// analysed (jieba, stemming, glossary concepts such as c_printer), and the 'simple' parser would
// split them again (c_printer → c, printer; ora-12541 → ora, 12541).
import { sql } from 'drizzle-orm';
import type { IndexedFields } from '../src/core/matching/analyzer.js';
import type { Orm } from './connect.js';
import { queryRows } from './sql-rows.js';

/** knowledge_terms row holding the number of entries (no term contains `#`). */
export const DOCS_TERM = '#docs';

/** A quoted tsvector/tsquery lexeme. */
export const lexeme = (key: string): string => `'${key.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export function toTsvector(fields: IndexedFields): string {
  const positions = new Map<string, string[]>();
  let p = 1;
  const add = (keys: readonly string[], weight: string) => {
    for (const key of keys) positions.set(key, [...(positions.get(key) ?? []), `${p++}${weight}`]);
  };
  add(fields.title, 'A');
  add(fields.body, 'B');
  add(fields.solution, ''); // D is the default label
  return [...positions].map(([key, ps]) => `${lexeme(key)}:${ps.join(',')}`).join(' ');
}

export const distinctKeys = (f: IndexedFields): string[] => [
  ...new Set([...f.title, ...f.body, ...f.solution]),
];

/** Adds `sign` to the count of every key in `keys`. */
export function countInto(deltas: Map<string, number>, keys: Iterable<string>, sign: 1 | -1): void {
  for (const key of keys) deltas.set(key, (deltas.get(key) ?? 0) + sign);
}

/** Applies document-frequency changes, in term order so concurrent imports cannot deadlock. */
export async function applyTermDeltas(tx: Orm, deltas: ReadonlyMap<string, number>): Promise<void> {
  const rows = [...deltas]
    .filter(([, d]) => d !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, d]) => ({ term, d }));
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    await tx.execute(sql`
      INSERT INTO knowledge_terms (term, df)
      SELECT term, d FROM jsonb_to_recordset(${chunk}::jsonb) AS x(term text, d int)
      ON CONFLICT (term) DO UPDATE SET df = knowledge_terms.df + excluded.df`);
  }
}

/** The stored keys of existing entries (to subtract them when an entry is re-indexed). */
export async function storedKeys(tx: Orm, ids: readonly number[]): Promise<Map<number, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ id: number | string; keys: string[] }>(
    tx,
    sql`SELECT id, tsvector_to_array(search_vector) AS keys FROM knowledge_entries
        WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint)`,
  );
  return new Map(rows.map((r) => [Number(r.id), r.keys]));
}
