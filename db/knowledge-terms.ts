// Query terms against the corpus: document frequencies (IDF), and repairs for words the corpus
// has never seen — a Latin typo becomes the glossary or corpus word it misspells (pg_trgm over
// the vocabulary), a Chinese word glued to a function character is split (网都 → 网).
import type { Analyzer, Term } from '../src/core/matching/analyzer.js';
import { isConceptKey } from '../src/core/matching/glossary.js';
import { type ScoringParams, type WeightedTerm, weigh } from '../src/core/matching/score.js';
import type { Orm } from './connect.js';
import { DOCS_TERM } from './knowledge-index.js';
import { preparedRows, wellFormed } from './sql-rows.js';

/** `w` of the CORPUS_STATS row that carries the version (no term contains `#`). */
const VERSION_ROW = '#version';
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
  cache: CorpusCache = new CorpusCache(),
): Promise<{ terms: WeightedTerm[]; docs: number; version: number | null; cached: boolean }> {
  const unknown = raw.filter((t) => t.unknownLatin);
  const glossaryFixes = new Map(unknown.map((t) => [t, analyzer.correct(t)]));
  const forCorpus = unknown.filter((t) => !glossaryFixes.get(t) && t.key.length >= 4);
  const first = await corpusStats(orm, cache, [DOCS_TERM, ...raw.map((t) => t.key)], forCorpus);
  const { df, corpusFixes } = first;
  const docs = df.get(DOCS_TERM) ?? 0;
  const typos = unknown.filter((t) => !df.has(t.key));
  const glued = raw.filter(
    (t) => HAN.test(t.key) && !isConceptKey(t.key) && t.key.length > 1 && !df.has(t.key),
  );
  if (typos.length === 0 && glued.length === 0)
    return {
      terms: strongest(weigh(raw, df, docs, params)),
      docs,
      version: first.version,
      cached: first.cached,
    };
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
  const more = fixedKeys.filter((k) => !df.has(k));
  const second = more.length === 0 ? first : await corpusStats(orm, cache, more, []);
  for (const [key, n] of second.df) df.set(key, n);
  const terms = dedupe(raw.flatMap((t) => replaced.get(t) ?? [t]));
  // Two reads of different versions: unknown, so the search's check fails and it starts over.
  const version = second.version === first.version ? first.version : null;
  const cached = first.cached || second.cached;
  return { terms: strongest(weigh(terms, df, docs, params)), docs, version, cached };
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

/** The knowledge-base version (migration 0017) in the same snapshot as the frequencies. */
const VERSION = `SELECT '${VERSION_ROW}'::text AS w, '', version, NULL::real FROM knowledge_version`;

/** Frequency rows have no `w`; a repair row names the word `w` it repairs; the version row is `#version`. */
const CORPUS_STATS = `${FREQUENCIES}\nUNION ALL\n${CORRECTIONS}\nUNION ALL\n${VERSION}`;

interface StatsRow {
  w: string | null;
  term: string;
  df: number | string;
  sim: number | null;
}

interface CorpusFix {
  term: Term;
  key: string;
  df: number;
  sim: number;
}

/**
 * Document frequencies of `keys` (df > 0 only) and the corpus's repairs of `typos`, with the
 * knowledge-base version they were read at: from the cache when it holds every key and word,
 * else all of them from the database (one snapshot, so never a mix of two versions).
 */
async function corpusStats(orm: Orm, cache: CorpusCache, keys: readonly string[], typos: readonly Term[]) {
  const hit = cache.lookup(keys, typos);
  if (hit) return hit;
  const rows = await preparedRows<StatsRow>(orm, 'knowledge_corpus_stats', CORPUS_STATS, [
    JSON.stringify(keys.map(wellFormed)),
    JSON.stringify(typos.map((t) => wellFormed(t.key))),
  ]);
  const df = new Map<string, number>();
  const corpusFixes: CorpusFix[] = [];
  let version: number | null = null;
  for (const r of rows) {
    if (r.w === VERSION_ROW) version = Number(r.df);
    else if (r.w === null) df.set(r.term, Number(r.df));
    const term = r.w === null ? undefined : typos.find((t) => t.key === r.w);
    if (term) corpusFixes.push({ term, key: r.term, df: Number(r.df), sim: Number(r.sim) });
  }
  cache.store(version, keys, typos, df, corpusFixes);
  return { df, corpusFixes, version, cached: false };
}

function dedupe(terms: readonly Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms)
    if (!byKey.has(t.key) || (byKey.get(t.key)?.weight ?? 0) < t.weight) byKey.set(t.key, t);
  return [...byKey.values()];
}

/** Keys and words a cache holds before it starts again (a few MB at most). */
const CACHE_LIMIT = 50_000;

/**
 * What CORPUS_STATS answered, per key and per word, for one knowledge-base version: frequencies
 * and typo repairs change only when the corpus does (every such commit bumps the version), so a
 * report whose words were all seen before needs no statement here. The search statement reads
 * the version again in its own snapshot; a mismatch clears the cache and the search starts over
 * (knowledge-search.ts), so a cached answer is never used with a newer corpus.
 */
export class CorpusCache {
  private version: number | null = null;
  private readonly df = new Map<string, number>();
  private readonly fixes = new Map<string, { key: string; df: number; sim: number } | null>();

  lookup(keys: readonly string[], typos: readonly Term[]) {
    if (this.version === null) return null;
    if (!keys.every((k) => this.df.has(k)) || !typos.every((t) => this.fixes.has(t.key))) return null;
    const df = new Map<string, number>();
    for (const k of keys) {
      const n = this.df.get(k) ?? 0;
      if (n > 0) df.set(k, n);
    }
    const corpusFixes: CorpusFix[] = [];
    for (const term of typos) {
      const fix = this.fixes.get(term.key);
      if (fix) corpusFixes.push({ term, ...fix });
    }
    return { df, corpusFixes, version: this.version, cached: true };
  }

  store(
    version: number | null,
    keys: readonly string[],
    typos: readonly Term[],
    df: ReadonlyMap<string, number>,
    corpusFixes: readonly CorpusFix[],
  ): void {
    if (version !== this.version || this.df.size + this.fixes.size > CACHE_LIMIT) this.clear();
    this.version = version;
    if (version === null) return;
    for (const k of keys) this.df.set(k, df.get(k) ?? 0);
    for (const t of typos) this.fixes.set(t.key, null);
    for (const { term, key, df: n, sim } of corpusFixes) this.fixes.set(term.key, { key, df: n, sim });
  }

  /** The search read another version: forget everything. */
  clear(): void {
    this.version = null;
    this.df.clear();
    this.fixes.clear();
  }
}
