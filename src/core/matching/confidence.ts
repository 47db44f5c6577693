// IM2.8 "is this a good match?" as a calibrated probability: logistic regression over what the
// ranking knows about a candidate (how much of the report it covers, how far ahead it is, how
// rare the shared words are, the report's length and language, category, earlier feedback).
// The coefficients are data (confidence-model.ts), refitted by `npm run bench -- kb --fit` on the
// non-test part of bench/kb-data. Hand-written: a dozen features and a few hundred rows need
// ~40 lines of Newton's method, not a numeric library.
import type { Hit, WeightedTerm } from './score.js';

export const FEATURES = [
  'score',
  'margin',
  'coverage_known',
  'coverage_distinctive',
  'matched_log',
  'rarest_matched',
  'unknown_share',
  'terms_log',
  'length_log',
  'query_en',
  'cross_language',
  'category_agrees',
  'category_differs',
  'feedback',
  'demoted',
  'corpus_log',
  'title_unmatched',
] as const;
export type Feature = (typeof FEATURES)[number];

/**
 * Features the bench cannot fit (no usage in bench/kb-data): their weight is a stated prior.
 * `feedback` in −1..1 ((helped − didn't help) / (n + 2)); a "didn't help" on this very incident
 * is strong evidence it is not the answer.
 */
export const PRIOR_WEIGHTS: Partial<Record<Feature, number>> = { feedback: 2, demoted: -2.5 };

/**
 * Directions known before any data: a candidate that scores higher, leads by more, covers more
 * of the report or shares rarer words is never less likely to fit; unknown words never make a
 * fit likelier. The fit keeps these signs (a feature that would take the other one is left out):
 * score, margin and coverage are collinear, and opposite signs that cancel on the fitted rows
 * break on other wording (a clear leader covering a short report came out at 0.55). A larger
 * knowledge base (`corpus_log`, log10 of its entries) never makes a fit likelier: it holds more
 * near misses, and the same words weigh more in it (their IDF grows with the corpus), so the same
 * score and rarity mean less (at 100,000 entries a wrong top came out 0.77 where it was 0.57 at
 * 1,000). A candidate whose title names more than the report does (`title_unmatched`) is a
 * neighbouring problem more often than the answer: 打印机不能打双面 for "the printer hates me", the
 * wireless-casting article for an HDMI cable, the ERP batch job for a BI report.
 */
export const EXPECTED_SIGN: Partial<Record<Feature, 1 | -1>> = {
  score: 1,
  margin: 1,
  coverage_known: 1,
  coverage_distinctive: 1,
  matched_log: 1,
  rarest_matched: 1,
  unknown_share: -1,
  corpus_log: -1,
  title_unmatched: -1,
};

export interface ConfidenceModel {
  /** Standardisation, then weights, per FEATURES entry. */
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  /** Probability at or above which the card offers the candidate as an answer (chosen on dev). */
  threshold: number;
}

export interface CandidateFacts {
  score: number;
  hit: Hit;
  title: string;
}

const HAN = /\p{Script=Han}/u;
/** A report is Chinese if it has Chinese characters (mixed ones name products in Latin). */
const isZh = (text: string) => HAN.test(text);
/** An entry's title in the other language than the report; a bilingual title ("中 / en") is both. */
function crossLanguage(queryZh: boolean, title: string): boolean {
  if (title.includes(' / ') && isZh(title) && /[a-z]/i.test(title)) return false;
  return queryZh !== isZh(title);
}

/**
 * One feature vector per candidate, in the ranked order given. `margin`: the candidate's score
 * minus the best candidate's in another category (positive only for a clear leader). A right
 * answer comes with siblings in its own category (its translation, earlier incidents in other
 * words) scoring close to it, while a lone wrong hit leads by much: against every other candidate
 * the lead took the wrong sign and was left out; against other categories it is the strongest
 * feature (weight 1.0 against score's 0.5 on independent-train train).
 */
export function candidateFeatures(
  query: string,
  terms: readonly WeightedTerm[],
  ranked: readonly CandidateFacts[],
  categories: readonly string[],
  docs: number,
): number[][] {
  const total = terms.reduce((s, t) => s + t.w, 0) || 1;
  const known = terms.filter((t) => t.df > 0);
  const knownTotal = known.reduce((s, t) => s + t.w, 0) || 1;
  const unknownShare = terms.filter((t) => t.df === 0).reduce((s, t) => s + t.w, 0) / total;
  const maxIdf = Math.log(1 + Math.max(docs, 1));
  const queryZh = isZh(query);
  const distinctive = distinctiveTerms(terms);
  const distinctiveTotal = distinctive.reduce((s, k) => s + (terms[k]?.w ?? 0), 0) || 1;
  const best = bestByCategory(ranked);
  // The fit saw 1,000 and 100,000 entries: a smaller base is judged as one of 1,000, never
  // extrapolated into more confidence than the data ever supported.
  const corpusLog = Math.log10(Math.max(docs, MIN_FITTED_CORPUS));
  return ranked.map((c) => {
    const margin = c.score - bestElsewhere(best, c.hit.category);
    let coveredKnown = 0;
    let matched = 0;
    let rarest = 0;
    terms.forEach((t, k) => {
      if ((c.hit.fields[k] ?? 0) === 0) return;
      matched++;
      if (t.df > 0) {
        coveredKnown += t.w;
        rarest = Math.max(rarest, Math.log(1 + docs / t.df) / maxIdf);
      }
    });
    const agrees = c.hit.category !== null && categories.includes(c.hit.category);
    const differs = c.hit.category !== null && categories.length > 0 && !agrees;
    const n = c.hit.helped + c.hit.notHelped;
    return [
      c.score,
      margin,
      known.length ? coveredKnown / knownTotal : 0,
      distinctive.reduce((s, k) => s + ((c.hit.fields[k] ?? 0) > 0 ? (terms[k]?.w ?? 0) : 0), 0) /
        distinctiveTotal,
      Math.log1p(matched),
      rarest,
      unknownShare,
      Math.log1p(terms.length),
      Math.log1p(query.length),
      queryZh ? 0 : 1,
      crossLanguage(queryZh, c.title) ? 1 : 0,
      agrees ? (categories[0] === c.hit.category ? 1 : 0.5) : 0,
      differs ? 1 : 0,
      (c.hit.helped - c.hit.notHelped) / (n + 2),
      c.hit.demoted ? 1 : 0,
      corpusLog,
      titleUnmatched(c.hit),
    ];
  });
}

/**
 * The candidate's title words the report does not have, log(1 + n): the entry's own symptom
 * (双面, batch job, wireless casting) that the report never mentions. The ranking already favours
 * a title made of report words (`focus`, a share); the confidence weighs the rest on its own, as
 * a neighbouring problem shares the object and the common words and differs exactly there.
 * Counted, not a share: as a share it took score's place in the fit (score left out, collinear).
 */
function titleUnmatched(hit: Hit): number {
  const inTitle = hit.fields.reduce<number>((n, f) => n + (f === 3 ? 1 : 0), 0);
  return Math.log1p(Math.max(0, hit.titleTerms - inTitle));
}

const MIN_FITTED_CORPUS = 1000;

/** The best score per category (null: no category) among the candidates. */
function bestByCategory(ranked: readonly CandidateFacts[]): Map<string | null, number> {
  const best = new Map<string | null, number>();
  for (const c of ranked) best.set(c.hit.category, Math.max(best.get(c.hit.category) ?? 0, c.score));
  return best;
}
function bestElsewhere(best: ReadonlyMap<string | null, number>, category: string | null): number {
  let top = 0;
  for (const [k, v] of best) if (k !== category && v > top) top = v;
  return top;
}

/**
 * The report's few heaviest known terms (indexes): what it is about. A long chat report's filler
 * dilutes coverage of all its terms; a right answer still covers these.
 */
function distinctiveTerms(terms: readonly WeightedTerm[]): number[] {
  return terms
    .map((t, k) => ({ w: t.df > 0 ? t.w : 0, k }))
    .filter((t) => t.w > 0)
    .sort((a, b) => b.w - a.w)
    .slice(0, DISTINCTIVE)
    .map((t) => t.k);
}
const DISTINCTIVE = 3;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function probability(model: ConfidenceModel, x: readonly number[]): number {
  let z = model.bias;
  x.forEach((v, i) => {
    z += (model.weights[i] ?? 0) * ((v - (model.mean[i] ?? 0)) / (model.scale[i] || 1));
  });
  return sigmoid(z);
}

/**
 * L2-regularised logistic regression by Newton's method (IRLS). Features named in `fixed` keep
 * that weight (on the raw, unstandardised value) and are not fitted.
 */
export function fitLogistic(
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  opts: { lambda?: number; fixed?: Partial<Record<Feature, number>>; threshold?: number } = {},
): ConfidenceModel {
  const lambda = opts.lambda ?? 1;
  const fixedAt = FEATURES.map((f) => opts.fixed?.[f]);
  const mean = FEATURES.map((_, j) => (fixedAt[j] === undefined ? avg(xs.map((x) => x[j] ?? 0)) : 0));
  const scale = FEATURES.map((_, j) =>
    fixedAt[j] === undefined ? Math.sqrt(avg(xs.map((x) => ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2))) || 1 : 1,
  );
  const free = FEATURES.map((_, j) => j).filter((j) => fixedAt[j] === undefined);
  const z = xs.map((x) => free.map((j) => ((x[j] ?? 0) - (mean[j] ?? 0)) / (scale[j] ?? 1)));
  const offset = xs.map((x) => FEATURES.reduce((s, _, j) => s + (fixedAt[j] ?? 0) * (x[j] ?? 0), 0));
  let beta = new Array<number>(free.length + 1).fill(0); // last = bias
  for (let iter = 0; iter < 50; iter++) {
    const k = beta.length;
    const grad = new Array<number>(k).fill(0);
    const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    z.forEach((row, n) => {
      const r = [...row, 1];
      const p = sigmoid(r.reduce((s, v, j) => s + v * (beta[j] ?? 0), offset[n] ?? 0));
      const g = p - (ys[n] ?? 0);
      for (let a = 0; a < k; a++) {
        grad[a] = (grad[a] ?? 0) + g * (r[a] ?? 0);
        for (let b = 0; b < k; b++)
          (hess[a] as number[])[b] =
            ((hess[a] as number[])[b] ?? 0) + p * (1 - p) * (r[a] ?? 0) * (r[b] ?? 0);
      }
    });
    for (let a = 0; a < k - 1; a++) {
      grad[a] = (grad[a] ?? 0) + lambda * (beta[a] ?? 0);
      (hess[a] as number[])[a] = ((hess[a] as number[])[a] ?? 0) + lambda;
    }
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - (step[j] ?? 0));
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const weights = FEATURES.map((_, j) => fixedAt[j] ?? beta[free.indexOf(j)] ?? 0);
  return { mean, scale, weights, bias: beta[beta.length - 1] ?? 0, threshold: opts.threshold ?? 0.5 };
}

const avg = (v: readonly number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);

/** Gaussian elimination with partial pivoting (the Hessian is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[p]?.[c] ?? 0)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = m[c] as number[];
    for (let r = c + 1; r < n; r++) {
      const row = m[r] as number[];
      const f = (row[c] ?? 0) / (pivot[c] || 1e-12);
      for (let k = c; k <= n; k++) row[k] = (row[k] ?? 0) - f * (pivot[k] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] as number[];
    let s = row[n] ?? 0;
    for (let k = r + 1; k < n; k++) s -= (row[k] ?? 0) * (x[k] ?? 0);
    x[r] = s / (row[r] || 1e-12);
  }
  return x;
}
