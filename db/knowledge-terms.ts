// Query terms against the corpus: document frequencies (IDF), and repairs for words the corpus
// has never seen — a Latin typo becomes the glossary or corpus word it misspells (pg_trgm over
// the vocabulary), a Chinese word glued to a function character is split (网都 → 网).
import type { Analyzer, Term } from '../src/core/matching/analyzer.js';
import { isConceptKey } from '../src/core/matching/glossary.js';
import { type ScoringParams, type WeightedTerm, weigh } from '../src/core/matching/score.js';
import type { Orm } from './connect.js';
import { DOCS_TERM } from './knowledge-index.js';
import { preparedRows, wellFormed } from './sql-rows.js';

/** Each query term costs a test per candidate: a long description keeps its strongest terms. */
const MAX_TERMS = 32;
/** pg_trgm similarity a corpus word needs to stand in for an unknown Latin word. */
const TYPO_SIMILARITY = 0.45;
const HAN = /\p{Script=Han}/u;

/**
 * Document frequencies; unknown Latin words are replaced by the glossary or corpus word they
 * misspell. The frequencies and the corpus's typo repairs are one statement (one round trip, not
 * two): which words need a repair is decided in SQL ("the corpus does not know it") instead of
 * waiting for the frequencies first.
 */
export async function withCorpusStats(
  orm: Orm,
  analyzer: Analyzer,
  raw: Term[],
  params: ScoringParams,
): Promise<{ terms: WeightedTerm[]; docs: number }> {
  const unknown = raw.filter((t) => t.unknownLatin);
  const glossaryFixes = new Map(unknown.map((t) => [t, analyzer.correct(t)]));
  const forCorpus = unknown.filter((t) => !glossaryFixes.get(t) && t.key.length >= 4);
  const { df, corpusFixes } = await corpusStats(orm, [DOCS_TERM, ...raw.map((t) => t.key)], forCorpus);
  const docs = df.get(DOCS_TERM) ?? 0;
  const typos = unknown.filter((t) => !df.has(t.key));
  const glued = raw.filter(
    (t) => HAN.test(t.key) && !isConceptKey(t.key) && t.key.length > 1 && !df.has(t.key),
  );
  if (typos.length === 0 && glued.length === 0)
    return { terms: strongest(weigh(raw, df, docs, params)), docs };
  const replaced = new Map<Term, Term[]>(glued.map((t) => [t, analyzer.splitHan(t)]));
  for (const t of typos) {
    const fix = glossaryFixes.get(t);
    if (fix) replaced.set(t, fix);
  }
  for (const fix of corpusFixes) {
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

// Named prepared statements (db/sql-rows.ts): one round trip once a connection knows them,
// where drizzle's unnamed ones cost two. CORPUS_STATS runs for every card with matches.
const FREQUENCIES = `SELECT NULL::text AS w, term, df, NULL::real AS sim FROM knowledge_terms
  WHERE term IN (SELECT jsonb_array_elements_text($1::text::jsonb)) AND df > 0`;

/** pg_trgm over the corpus vocabulary (words only, not concept keys): kingdde → kingdee. Only
 *  for words the corpus does not know itself (the test of FREQUENCIES: df > 0). */
const CORRECTIONS = `SELECT w, k.term, k.df, similarity(k.term, w) AS sim
  FROM jsonb_array_elements_text($2::text::jsonb) AS w
  CROSS JOIN LATERAL (
    SELECT term, df FROM knowledge_terms
    WHERE term % w AND strpos(term, '_') = 0 AND df > 0
    ORDER BY similarity(term, w) DESC, df DESC LIMIT 1) k
  WHERE similarity(k.term, w) >= ${TYPO_SIMILARITY} AND left(k.term, 1) = left(w, 1)
    AND NOT EXISTS (SELECT 1 FROM knowledge_terms known WHERE known.term = w AND known.df > 0)`;

/** Frequency rows have no `w`; a repair row names the word `w` it repairs. */
const CORPUS_STATS = `${FREQUENCIES}\nUNION ALL\n${CORRECTIONS}`;

interface StatsRow {
  w: string | null;
  term: string;
  df: number;
  sim: number | null;
}

/** Document frequencies of `keys` (df > 0 only) and the corpus's repairs of `typos`. */
async function corpusStats(orm: Orm, keys: readonly string[], typos: readonly Term[]) {
  const rows = await preparedRows<StatsRow>(orm, 'knowledge_corpus_stats', CORPUS_STATS, [
    JSON.stringify(keys.map(wellFormed)),
    JSON.stringify(typos.map((t) => wellFormed(t.key))),
  ]);
  const df = new Map<string, number>();
  const corpusFixes: { term: Term; key: string; df: number; sim: number }[] = [];
  for (const r of rows) {
    if (r.w === null) df.set(r.term, Number(r.df));
    const term = r.w === null ? undefined : typos.find((t) => t.key === r.w);
    if (term) corpusFixes.push({ term, key: r.term, df: Number(r.df), sim: Number(r.sim) });
  }
  return { df, corpusFixes };
}

/** Frequencies alone: for the words that repairs brought in. */
async function frequencies(orm: Orm, keys: readonly string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  return (await corpusStats(orm, keys, [])).df;
}

function dedupe(terms: readonly Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms)
    if (!byKey.has(t.key) || (byKey.get(t.key)?.weight ?? 0) < t.weight) byKey.set(t.key, t);
  return [...byKey.values()];
}
