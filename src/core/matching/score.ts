// Scoring and the IM2.8 "how close is it" decision. The database finds candidates and reports,
// per query term, in which field of each candidate it occurs; everything else is decided here.
import type { Term } from './analyzer.js';
import { isConceptKey } from './glossary.js';

/** A query term with its corpus statistics and final weight (query weight × IDF). */
export interface WeightedTerm extends Term {
  df: number;
  w: number;
}

/** Where a query term occurs in a candidate: 0 nowhere, then solution, symptoms/tags, title. */
export type FieldHit = 0 | 1 | 2 | 3;

export interface Hit {
  /** One per weighted term, same order. */
  fields: readonly FieldHit[];
  /** Distinct keys in the candidate's title. */
  titleTerms: number;
  kind: string;
  category: string | null;
  helped: number;
  notHelped: number;
  /** Marked "didn't help" for the incident being matched. */
  demoted: boolean;
}

export interface ScoringParams {
  /** Credit of a match by field, index = FieldHit. */
  field: readonly [number, number, number, number];
  /** Share of the score that rewards a title mostly made of query words. */
  focus: number;
  /** A noun the corpus has never seen counts this fraction of a rare word's weight … */
  unknown: number;
  /** … and any other unknown word (verb, adjective) this fraction. */
  unknownOther: number;
  /** A short unknown Latin word (def, tho, lol, idk: chat slang more often than a name) this. */
  unknownShort: number;
  /** Category of the incident = the entry's; the entry's is an ancestor (or descendant). */
  categoryExact: number;
  categoryRelated: number;
  /** Helped/didn't-help ratio moves the score by at most ± this fraction. */
  feedback: number;
  /** Factor for an entry already marked "didn't help" on this incident. */
  demote: number;
  /**
   * Credit of the action of a failure the report names ("连不上" = fail + connect) in a candidate
   * that does not name a failure: "在家连 vpn 后很慢" connects fine, its problem is another one.
   */
  actionWithoutFailure: number;
  /**
   * A report word that is no glossary concept counts this fraction of its IDF: chat reports
   * carry narrative words (goes, customer, 显示, 好) the formal corpus rarely has, so their IDF is
   * high, while a concept is vocabulary of the domain chosen for matching.
   */
  plain: number;
  /**
   * A concept said by a glossary phrase of two or more words ("ip 地址冲突", "sap logon pad",
   * "logs me out") counts this multiple: a phrase names the problem more precisely than any of
   * its words.
   */
  phrase: number;
}

/** Tuned on the dev split of bench/kb-data (see bench/kb.ts); never on the test split. */
export const DEFAULT_PARAMS: ScoringParams = {
  field: [0, 0.35, 0.8, 1],
  focus: 0.25,
  unknown: 1,
  unknownOther: 0.4,
  unknownShort: 0.25,
  categoryExact: 1.15,
  categoryRelated: 1.07,
  feedback: 0.15,
  demote: 0.5,
  actionWithoutFailure: 0.5,
  plain: 0.8,
  phrase: 1.2,
};

/** BM25's IDF (always positive). */
export const idf = (df: number, docs: number): number => Math.log(1 + (docs - df + 0.5) / (df + 0.5));

export function weigh(
  terms: readonly Term[],
  df: ReadonlyMap<string, number>,
  docs: number,
  p: ScoringParams = DEFAULT_PARAMS,
): WeightedTerm[] {
  const n = Math.max(docs, 1);
  // An unknown word never outweighs the report's most informative known word: it may be a
  // name the corpus lacks (and then the report has no answer) or just slang.
  const knownIdf = terms.map((t) => df.get(t.key) ?? 0).filter((c) => c > 0);
  const cap = knownIdf.length ? idf(Math.min(...knownIdf), n) : idf(1, n);
  return terms.map((t) => {
    const count = df.get(t.key) ?? 0;
    const w = count > 0 ? idf(count, n) : Math.min(cap, idf(1, n) * unknownFactor(t, p));
    return { ...t, df: count, w: t.weight * w * queryFactor(t, p) };
  });
}

/** How much the report's own wording says about the problem (see `plain`, `phrase`). */
function queryFactor(t: Term, p: ScoringParams): number {
  if (!isConceptKey(t.key)) return p.plain;
  return t.phrase ? p.phrase : 1;
}

function unknownFactor(t: Term, p: ScoringParams): number {
  if (t.unknownLatin && t.key.length <= 3) return p.unknownShort;
  return t.noun ? p.unknown : p.unknownOther;
}

const lexeme = (key: string) => `'${key.replace(/'/g, "''")}'`;

/**
 * The tsquery that picks candidates for scoring, within about `budget` rows (each candidate is
 * fetched and scored; ~2 µs a row on PostgreSQL 15). All terms OR-ed when their postings fit;
 * otherwise the rare terms alone plus pairs (a & b) of the informative common ones, smallest
 * estimate first. Terms in more than a quarter of the entries never select candidates (they
 * still count in the score). Null: no term occurs in the corpus, nothing can match.
 */
export function candidateQuery(terms: readonly WeightedTerm[], docs: number, budget = 2500): string | null {
  const known = terms.filter((t) => t.df > 0).sort((a, b) => a.df - b.df || b.w - a.w);
  if (known.length === 0) return null;
  if (known.reduce((s, t) => s + t.df, 0) <= budget) return known.map((t) => lexeme(t.key)).join(' | ');
  const useful = known.filter((t) => t.df <= docs / 4);
  const parts: { q: string; rows: number }[] = [];
  let rows = 0;
  let i = 0;
  for (; i < useful.length && rows + (useful[i] as WeightedTerm).df <= budget / 2; i++) {
    const t = useful[i] as WeightedTerm;
    parts.push({ q: lexeme(t.key), rows: t.df });
    rows += t.df;
  }
  const common = useful
    .slice(i)
    .sort((a, b) => b.w - a.w)
    .slice(0, 6);
  const pairs: { q: string; rows: number }[] = [];
  for (let a = 0; a < common.length; a++)
    for (let b = a + 1; b < common.length; b++) {
      const [x, y] = [common[a] as WeightedTerm, common[b] as WeightedTerm];
      // Independence underestimates co-occurrence of related terms (vpn & connect): ×3.
      pairs.push({ q: `(${lexeme(x.key)} & ${lexeme(y.key)})`, rows: (3 * x.df * y.df) / Math.max(docs, 1) });
    }
  pairs.sort((a, b) => a.rows - b.rows);
  for (const pair of pairs) {
    if (rows + pair.rows > budget && parts.length > 0) break;
    parts.push(pair);
    rows += pair.rows;
  }
  if (parts.length === 0) {
    const rarest = useful[0] ?? known[0];
    return rarest ? lexeme(rarest.key) : null;
  }
  return parts.map((p) => p.q).join(' | ');
}

export interface Scored {
  score: number;
  /** Surfaces of the query words found in the candidate, in query order. */
  matched: string[];
}

/**
 * 0..1: the share of the query's information (IDF-weighted, by field) the candidate covers,
 * nudged by a focused title, the incident's category, kind, and earlier feedback.
 */
export function scoreHit(
  terms: readonly WeightedTerm[],
  hit: Hit,
  categories: readonly string[],
  p: ScoringParams = DEFAULT_PARAMS,
): Scored {
  let total = 0;
  let got = 0;
  let inTitle = 0;
  const matched: string[] = [];
  const partly = new Set<string>();
  const failed = failedActions(terms, hit);
  terms.forEach((t, i) => {
    const f = hit.fields[i] ?? 0;
    total += t.w;
    got += t.w * p.field[f] * (failed.has(i) ? p.actionWithoutFailure : 1);
    if (f === 3) inTitle++;
    if (f > 0 && !matched.includes(t.surface)) matched.push(t.surface);
    if (f === 0 && t.compound) partly.add(t.surface);
  });
  if (total === 0 || got === 0) return { score: 0, matched: [] };
  const focus = hit.titleTerms > 0 ? Math.min(1, inTitle / hit.titleTerms) : 0;
  let score = (got / total) * (1 - p.focus + p.focus * focus);
  score *= categoryFactor(hit.category, categories, p);
  score *= 1 + (p.feedback * (hit.helped - hit.notHelped)) / (hit.helped + hit.notHelped + 2);
  if (hit.demoted) score *= p.demote;
  // A word that reads as several concepts is shown only when the candidate has them all: a VPN
  // article that names only a failure does not match "stuck in outbox" (fail + send).
  return { score: Math.min(1, score), matched: matched.filter((s) => !partly.has(s)) };
}

const FAIL = 'c_fail';

/**
 * Indexes of the terms read from the same words as a failure ("can't print" → fail, print) when
 * the candidate names no failure at all: it has the action, not the report's problem with it.
 */
function failedActions(terms: readonly WeightedTerm[], hit: Hit): ReadonlySet<number> {
  let surfaces: Set<string> | null = null;
  for (let i = 0; i < terms.length; i++) {
    if ((terms[i] as WeightedTerm).key !== FAIL) continue;
    if ((hit.fields[i] ?? 0) > 0) return NONE;
    surfaces ??= new Set();
    surfaces.add((terms[i] as WeightedTerm).surface);
  }
  if (surfaces === null) return NONE;
  const out = new Set<number>();
  terms.forEach((t, i) => {
    if (t.key !== FAIL && surfaces.has(t.surface)) out.add(i);
  });
  return out;
}
const NONE: ReadonlySet<number> = new Set();

/** `categories`: the incident's category first, then its ancestors (and, if known, children). */
function categoryFactor(category: string | null, categories: readonly string[], p: ScoringParams): number {
  if (category === null || categories.length === 0) return 1;
  if (categories[0] === category) return p.categoryExact;
  return categories.includes(category) ? p.categoryRelated : 1;
}
