// Query terms against the corpus: document frequencies (IDF), and repairs for words the corpus
// has never seen — a Latin typo becomes the glossary or corpus word it misspells (pg_trgm over
// the vocabulary), a Chinese word glued to a function character is split (网都 → 网).
import { sql } from 'drizzle-orm';
import type { Analyzer, Term } from '../src/core/matching/analyzer.js';
import { isConceptKey } from '../src/core/matching/glossary.js';
import { type ScoringParams, type WeightedTerm, weigh } from '../src/core/matching/score.js';
import type { Orm } from './connect.js';
import { DOCS_TERM } from './knowledge-index.js';
import { queryRows } from './sql-rows.js';

/** Each query term costs a test per candidate: a long description keeps its strongest terms. */
const MAX_TERMS = 32;
/** pg_trgm similarity a corpus word needs to stand in for an unknown Latin word. */
const TYPO_SIMILARITY = 0.45;
const HAN = /\p{Script=Han}/u;

/** Document frequencies; unknown Latin words are replaced by the glossary or corpus word they misspell. */
export async function withCorpusStats(
  orm: Orm,
  analyzer: Analyzer,
  raw: Term[],
  params: ScoringParams,
): Promise<{ terms: WeightedTerm[]; docs: number }> {
  const df = await frequencies(orm, [DOCS_TERM, ...raw.map((t) => t.key)]);
  const docs = df.get(DOCS_TERM) ?? 0;
  const typos = raw.filter((t) => t.unknownLatin && !df.has(t.key));
  const glued = raw.filter(
    (t) => HAN.test(t.key) && !isConceptKey(t.key) && t.key.length > 1 && !df.has(t.key),
  );
  if (typos.length === 0 && glued.length === 0)
    return { terms: strongest(weigh(raw, df, docs, params)), docs };
  const replaced = new Map<Term, Term[]>(glued.map((t) => [t, analyzer.splitHan(t)]));
  const forCorpus: Term[] = [];
  for (const t of typos) {
    const fix = analyzer.correct(t);
    if (fix) replaced.set(t, fix);
    else if (t.key.length >= 4) forCorpus.push(t);
  }
  for (const fix of await corpusCorrections(orm, forCorpus)) {
    replaced.set(fix.term, [{ ...fix.term, key: fix.key, weight: fix.sim, unknownLatin: false }]);
    df.set(fix.key, fix.df);
  }
  const fixedKeys = [...replaced.values()].flat().map((t) => t.key);
  for (const [key, n] of await frequencies(
    orm,
    fixedKeys.filter((k) => !df.has(k)),
  ))
    df.set(key, n);
  const terms = dedupe(raw.flatMap((t) => replaced.get(t) ?? [t]));
  return { terms: strongest(weigh(terms, df, docs, params)), docs };
}

const strongest = (terms: WeightedTerm[]): WeightedTerm[] =>
  terms.length <= MAX_TERMS ? terms : [...terms].sort((a, b) => b.w - a.w).slice(0, MAX_TERMS);

async function frequencies(orm: Orm, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await queryRows<{ term: string; df: number }>(
    orm,
    sql`SELECT term, df FROM knowledge_terms
        WHERE term IN (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)) AND df > 0`,
  );
  return new Map(rows.map((r) => [r.term, Number(r.df)]));
}

/** pg_trgm over the corpus vocabulary (words only, not concept keys): kingdde → kingdee. */
async function corpusCorrections(orm: Orm, terms: readonly Term[]) {
  if (terms.length === 0) return [];
  const rows = await queryRows<{ w: string; term: string; df: number; sim: number }>(
    orm,
    sql`SELECT w, k.term, k.df, similarity(k.term, w) AS sim
        FROM jsonb_array_elements_text(${JSON.stringify(terms.map((t) => t.key))}::jsonb) AS w
        CROSS JOIN LATERAL (
          SELECT term, df FROM knowledge_terms
          WHERE term % w AND strpos(term, '_') = 0 AND df > 0
          ORDER BY similarity(term, w) DESC, df DESC LIMIT 1) k
        WHERE similarity(k.term, w) >= ${TYPO_SIMILARITY} AND left(k.term, 1) = left(w, 1)`,
  );
  return rows.flatMap((r) => {
    const term = terms.find((t) => t.key === r.w);
    return term ? [{ term, key: r.term, df: Number(r.df), sim: Number(r.sim) }] : [];
  });
}

function dedupe(terms: readonly Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms)
    if (!byKey.has(t.key) || (byKey.get(t.key)?.weight ?? 0) < t.weight) byKey.set(t.key, t);
  return [...byKey.values()];
}
