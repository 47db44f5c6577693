// The bilingual IT glossary: groups of Chinese and English words (and colloquial forms) that
// mean the same thing. Query and entry words found here are replaced by a concept key, so
// "打印机脱机", "printer offline" and "printer shows off-line" all become c_printer c_offline.
//
// Source format, one group per line:  ids = term | term | multi word term
//   - `ids` is one concept id or several joined by `+` (连不上 = fail + connect);
//   - a line may repeat an id to add synonyms; `#` starts a comment.
import { normalize, type Segmenter, words } from './text.js';

export interface GlossaryLine {
  concepts: readonly string[];
  terms: readonly string[];
}

export interface Glossary {
  /** Phrases by first key; each phrase lists its keys in order, longest phrases first. */
  readonly phrases: ReadonlyMap<string, readonly Phrase[]>;
  /** Single Latin keys → concepts, for typo correction of unknown words. */
  readonly latinWords: ReadonlyMap<string, readonly string[]>;
  /** Multi-character Chinese terms, for substring cover of words the segmenter kept whole. */
  readonly hanTerms: ReadonlyMap<string, readonly string[]>;
  readonly maxHanTerm: number;
  /** Phrases (keys joined by a space) and Chinese terms written on a `+` line: they mean all of
   *  their concepts at once (连不上 = fail + connect), not one of several senses. */
  readonly compound: ReadonlySet<string>;
}

export interface Phrase {
  keys: readonly string[];
  concepts: readonly string[];
}

/** Concept keys carry a prefix no word can have (words never contain `_`). */
export const conceptKey = (id: string): string => `c_${id}`;
export const isConceptKey = (key: string): boolean => key.startsWith('c_');

const ID = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

export function parseGlossary(source: string): GlossaryLine[] {
  const lines: GlossaryLine[] = [];
  for (const [i, raw] of source.split('\n').entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    // Ids may be written with spaces ("paper jam"); keys use underscores (c_paper_jam).
    const concepts = line
      .slice(0, Math.max(eq, 0))
      .split('+')
      .map((s) => s.trim().replace(/\s+/g, '_'));
    if (eq < 0 || concepts.some((c) => !ID.test(c)))
      throw new Error(`glossary line ${i + 1}: expected "id[+id] = term | term": ${raw}`);
    const terms = line
      .slice(eq + 1)
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean);
    lines.push({ concepts, terms });
  }
  return lines;
}

/**
 * The concept of phrases that say nothing about the fault (glossary/filler.ts): the analyzer
 * matches them so their words are consumed, then drops them.
 */
export const FILLER_CONCEPT = 'filler';

/**
 * Chinese terms of a glossary: the segmenter should know them as words. Not the filler phrases:
 * as dictionary words they would change how the text around them is cut (看不见截图 would lose
 * 不见 to 见截图), so they match only where the ordinary cut already gives them.
 */
export function hanTermsOf(lines: readonly GlossaryLine[]): string[] {
  const meaningful = lines.filter((l) => !l.concepts.includes(FILLER_CONCEPT));
  return [...new Set(meaningful.flatMap((l) => l.terms.filter((t) => /\p{Script=Han}/u.test(t))))];
}

export function compileGlossary(lines: readonly GlossaryLine[], segment: Segmenter): Glossary {
  const byPhrase = new Map<string, Set<string>>();
  const hanTerms = new Map<string, Set<string>>();
  const compound = new Set<string>();
  for (const line of lines) {
    const concepts = line.concepts.map(conceptKey);
    for (const term of line.terms) {
      const keys = words(term, segment).map((w) => w.key);
      if (keys.length === 0 || collapsed(term, keys)) continue;
      addAll(byPhrase, keys.join(' '), concepts);
      const han = normalize(term).replace(/\s+/g, '');
      if (/^\p{Script=Han}{2,}$/u.test(han)) addAll(hanTerms, han, concepts);
      if (concepts.length > 1) compound.add(keys.join(' ')).add(han);
    }
  }
  const phrases = new Map<string, Phrase[]>();
  const latinWords = new Map<string, string[]>();
  for (const [joined, concepts] of byPhrase) {
    const keys = joined.split(' ');
    const phrase = { keys, concepts: [...concepts] };
    const first = keys[0] as string;
    phrases.set(first, [...(phrases.get(first) ?? []), phrase]);
    if (keys.length === 1 && /^[a-z]/.test(first)) latinWords.set(first, phrase.concepts);
  }
  for (const list of phrases.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  const han = new Map([...hanTerms].map(([k, v]) => [k, [...v]] as const));
  const maxHanTerm = Math.max(2, ...[...han.keys()].map((k) => k.length));
  return { phrases, latinWords, hanTerms: han, maxHanTerm, compound };
}

/**
 * A Latin phrase that loses its single letters (t code, type c, os x, e signature: single letters
 * are no words) would be its one remaining word, and that word would take the phrase's sense:
 * "the code" read SAP GUI, "type" a dock, "os" a Mac, "signature" an e-signature. Such a phrase
 * can never be matched as written, so it is left out.
 */
function collapsed(term: string, keys: readonly string[]): boolean {
  if (keys.length !== 1 || /\p{Script=Han}/u.test(term)) return false;
  return (term.match(/[\p{L}\p{N}]+/gu) ?? []).length > 1;
}

function addAll(map: Map<string, Set<string>>, key: string, values: readonly string[]): void {
  const set = map.get(key) ?? new Set<string>();
  for (const v of values) set.add(v);
  map.set(key, set);
}

/** Typo correction against the glossary's Latin words: the closest within a small distance. */
export function closestGlossaryWord(glossary: Glossary, key: string): { key: string; sim: number } | null {
  if (key.length < 5) return null;
  const limit = key.length >= 7 ? 2 : 1;
  let best: { key: string; dist: number } | null = null;
  for (const candidate of glossary.latinWords.keys()) {
    // Typos rarely hit the first letter; requiring it keeps vlookup from becoming nslookup.
    if (candidate[0] !== key[0] || Math.abs(candidate.length - key.length) > limit || candidate.length < 4)
      continue;
    const dist = editDistance(key, candidate, limit);
    if (dist <= limit && (!best || dist < best.dist)) best = { key: candidate, dist };
  }
  return best && { key: best.key, sim: 1 - best.dist / Math.max(key.length, best.key.length) };
}

/** Optimal string alignment distance (adjacent transpositions count 1), cut off above `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return rowMin;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}
