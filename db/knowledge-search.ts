// MatchingPort over drizzle (IM2.7): analyse the report, weigh its terms by corpus IDF, correct
// Latin typos, let the GIN index pick candidates and report per term where each one matched;
// the pure scorer (src/core/matching/score.ts) ranks them and decides "no good match".
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { MatchCandidate, MatchingPort, MatchOptions, MatchQuery } from '../src/app/ports.js';
import type { Analyzer } from '../src/core/matching/analyzer.js';
import { rankAnswers } from '../src/core/matching/answers.js';
import { type ConfidenceModel, candidateFeatures, probability } from '../src/core/matching/confidence.js';
import { CONFIDENCE_MODEL } from '../src/core/matching/confidence-model.js';
import {
  candidateQuery,
  DEFAULT_PARAMS,
  type FieldHit,
  type Hit,
  type ScoringParams,
  scoreHit,
  type WeightedTerm,
} from '../src/core/matching/score.js';
import type { Database, Orm } from './connect.js';
import { sharedRead } from './group-commit.js';
import { recordFeedback } from './knowledge-feedback.js';
import { lexeme } from './knowledge-index.js';
import { CorpusCache, withCorpusStats } from './knowledge-terms.js';
import { preparedRows } from './sql-rows.js';

/** Candidates the database scores exactly; the best `RERANK` go to the pure scorer. */
const MAX_CANDIDATES = 3000;
const RERANK = 40;
const SNIPPET = 280;
/** Renders the search to text + parameters (drizzle's own renderer, no casing rules). */
const DIALECT = new PgDialect();

export interface MatchingOptions {
  params?: ScoringParams;
  model?: ConfidenceModel;
}

export function createMatching(db: Database, analyzer: Analyzer, opts: MatchingOptions = {}): MatchingPort {
  const params = opts.params ?? DEFAULT_PARAMS;
  const model = opts.model ?? CONFIDENCE_MODEL;
  // Every card render asks first: a burst of renders shares one statement (group-commit.ts).
  const version = sharedRead(() => knowledgeVersion(db.orm));
  // Frequencies and typo repairs of words seen before, for the current corpus version.
  const corpus = new CorpusCache();
  return {
    findMatches: async (query, options = {}) =>
      calibrate(await explainMatches(db, analyzer, query, options, params, corpus), model),
    recordFeedback: (feedback, audit = [], key) =>
      db.orm.transaction((tx) => recordFeedback(tx, feedback, audit, key)),
    version,
  };
}

/** The counter migration 0017's triggers bump at each commit that changes the knowledge base. */
async function knowledgeVersion(orm: Orm): Promise<number | null> {
  const [row] = await preparedRows<{ version: string | number }>(
    orm,
    'knowledge_version',
    'SELECT version FROM knowledge_version',
    [],
  );
  return row ? Number(row.version) : null;
}

export interface Row {
  ref: string;
  kind: MatchCandidate['kind'];
  title: string;
  snippet: string;
  source_url: string | null;
  category: string | null;
  helped: number;
  not_helped: number;
  title_terms: number;
  fields: number[];
  demoted: boolean;
}

/** A ranked candidate before calibration: the relevance score and the confidence features. */
export interface ExplainedCandidate extends Omit<MatchCandidate, 'confident'> {
  features: number[];
}

/**
 * Ranking by relevance score, with each candidate's confidence features (the bench fits the
 * model on these; findMatches turns them into the probability the card shows).
 */
export async function explainMatches(
  db: Database,
  analyzer: Analyzer,
  query: MatchQuery,
  opts: MatchOptions,
  params: ScoringParams = DEFAULT_PARAMS,
  cache?: CorpusCache,
): Promise<ExplainedCandidate[]> {
  const ranked = await rankMatches(db, analyzer, query, opts, params, cache);
  if (ranked === null) return [];
  const { text, terms, docs, categories, scored } = ranked;
  const features = candidateFeatures(
    text,
    terms,
    scored.map((s) => ({ score: s.score, hit: s.hit, title: s.row.title })),
    categories,
    docs,
  );
  return scored.slice(0, opts.limit ?? 5).map(({ row, score, matched }, i) => ({
    ref: row.ref,
    kind: row.kind,
    title: row.title,
    snippet: row.snippet,
    score,
    matchedWords: matched,
    sourceUrl: row.source_url,
    category: row.category,
    ...(row.demoted ? { notHelpfulHere: true } : {}),
    features: features[i] ?? [],
  }));
}

/** A scored candidate with what the database reported about it. */
export interface RankedHit {
  row: Row;
  hit: Hit;
  score: number;
  matched: string[];
}

/** The report's weighted terms and its candidates in the order to show them (rankAnswers; null: nothing can match). */
export async function rankMatches(
  db: Database,
  analyzer: Analyzer,
  query: MatchQuery,
  opts: MatchOptions,
  params: ScoringParams = DEFAULT_PARAMS,
  cache: CorpusCache = new CorpusCache(),
  retried = false,
): Promise<{
  text: string;
  terms: WeightedTerm[];
  docs: number;
  categories: readonly string[];
  scored: RankedHit[];
} | null> {
  const orm = db.orm;
  const text = `${query.title}\n${query.description}`;
  const raw = analyzer.terms(text);
  if (raw.length === 0) return null;
  const { terms, docs, version, cached } = await withCorpusStats(orm, analyzer, raw, params, cache);
  const candidates = candidateQuery(terms, docs);
  if (candidates === null) {
    // No search follows to check the version: a "nothing can match" from the cache is checked
    // by reading the database (the words may have arrived since), unless the caller asked for
    // the answer of the cache's version (a card of the command that read it, cardMatches).
    const current = opts.knowledgeVersion != null && version === opts.knowledgeVersion;
    if (!cached || retried || current) return null;
    cache.clear();
    return rankMatches(db, analyzer, query, opts, params, cache, true);
  }
  const { rows, version: read } = await search(orm, terms, candidates, params, opts.incidentId ?? null);
  if (read !== version && !retried) {
    // The corpus changed after the frequencies were read (or they came from the cache of an
    // older version): forget them and rank once more, reading them from the database.
    cache.clear();
    return rankMatches(db, analyzer, query, opts, params, cache, true);
  }
  const categories = opts.categories ?? (query.category ? [query.category] : []);
  const scored = rows
    .map((r) => {
      const hit: Hit = {
        fields: r.fields as FieldHit[],
        titleTerms: r.title_terms,
        kind: r.kind,
        category: r.category,
        helped: r.helped,
        notHelped: r.not_helped,
        demoted: r.demoted,
      };
      return { row: r, hit, ...scoreHit(terms, hit, categories, params) };
    })
    .filter((s) => s.score > 0);
  scored.sort((a, b) => b.score - a.score || a.row.ref.localeCompare(b.row.ref));
  return { text, terms, docs, categories, scored: rankAnswers(scored) };
}

/**
 * IM2.8: the score shown is the calibrated probability that the candidate fits, never higher
 * than the one ranked above it (a lower suggestion is not shown as likelier); the card offers
 * an answer only at or above the model's threshold.
 */
export function calibrate(ranked: readonly ExplainedCandidate[], model: ConfidenceModel): MatchCandidate[] {
  let cap = 1;
  return ranked.map(({ features, ...c }) => {
    const p = Math.min(cap, probability(model, features));
    cap = p;
    return { ...c, score: Math.round(p * 1000) / 1000, confident: p >= model.threshold };
  });
}

/**
 * One statement: candidates from the GIN index (capped, for pathological reports), a coarse
 * IDF-weighted score per candidate, and for the best RERANK the field each query term matched
 * in (3 title, 2 symptoms/tags, 1 solution, 0 none). The per-term tests are unrolled into
 * parameterised CASE expressions: a lateral subquery per candidate measured 4× slower.
 */
async function search(
  orm: Orm,
  terms: readonly WeightedTerm[],
  candidates: string,
  p: ScoringParams,
  incidentId: string | null,
): Promise<{ rows: Row[]; version: number | null }> {
  const [, f1, f2, f3] = p.field;
  const parts = terms.map((t) => {
    const lx = lexeme(t.key);
    return {
      tq: sql`${lx}::tsquery`,
      ta: sql`${`${lx}:A`}::tsquery`,
      tb: sql`${`${lx}:B`}::tsquery`,
      w: t.w,
    };
  });
  const coarse = sql.join(
    parts.map(
      (t) => sql`CASE WHEN c.sv @@ ${t.tq} THEN ${t.w}::float8 * CASE WHEN c.sv @@ ${t.ta} THEN ${f3}::float8
                 WHEN c.sv @@ ${t.tb} THEN ${f2}::float8 ELSE ${f1}::float8 END ELSE 0 END`,
    ),
    sql` + `,
  );
  const fields = sql.join(
    parts.map(
      (t) => sql`CASE WHEN s.sv @@ ${t.tq} THEN CASE WHEN s.sv @@ ${t.ta} THEN 3 WHEN s.sv @@ ${t.tb} THEN 2
                 ELSE 1 END ELSE 0 END`,
    ),
    sql`, `,
  );
  const query = DIALECT.sqlToQuery(
    sql`SELECT v.version, r.* FROM (SELECT (SELECT version FROM knowledge_version) AS version) v
        LEFT JOIN (SELECT e.ref, e.kind, e.title, left(e.solution, ${SNIPPET}::int) AS snippet, e.source_url, e.category,
               e.helped, e.not_helped, e.title_terms, ARRAY[${fields}] AS fields,
               EXISTS (SELECT 1 FROM knowledge_feedback f WHERE f.entry_id = e.id
                       AND f.incident_id = ${incidentId}::text AND NOT f.helped) AS demoted
        FROM (
          SELECT c.id, c.sv, ${coarse} AS coarse
          FROM (SELECT id, search_vector AS sv FROM knowledge_entries
                WHERE search_vector @@ ${candidates}::tsquery AND status = 'published'
                  AND (${incidentId}::text IS NULL OR origin_incident_id IS DISTINCT FROM ${incidentId}::text)
                LIMIT ${MAX_CANDIDATES}) c
          ORDER BY coarse DESC LIMIT ${RERANK}) s
        JOIN knowledge_entries e ON e.id = s.id) r ON true`,
  );
  // Every value above is a parameter, so the text depends only on the number of terms (at most
  // MAX_TERMS texts): named, it is parsed once per connection and costs one round trip, not two.
  // The knowledge-base version comes in the same snapshot (one row, candidates or not), to check
  // the frequencies the search was built from (CorpusCache).
  const rows = await preparedRows<Row & { version: number | string | null }>(
    orm,
    'knowledge_search',
    query.sql,
    query.params,
  );
  const version = rows[0]?.version ?? null;
  return { rows: rows.filter((r) => r.ref !== null), version: version === null ? null : Number(version) };
}
