// Text → search terms, the same way for queries and knowledge entries: words, glossary phrases
// replaced by concept keys, stop words dropped. Pure once given a segmenter.

import { CONTEXT_SENSES } from './glossary/senses.js';
import { closestGlossaryWord, conceptKey, FILLER_CONCEPT, type Glossary } from './glossary.js';
import {
  isFunctionWord,
  isNounLike,
  type Segmenter,
  STOP_WORDS,
  type Word,
  withoutContactDetails,
  words,
} from './text.js';

export interface Term {
  /** What is indexed and compared: a concept key (c_printer) or a word key. */
  key: string;
  /** What the user wrote, for "matched words". */
  surface: string;
  /** Query-side weight before IDF: 1, less for a typo correction. */
  weight: number;
  /** A Latin word the glossary does not know: a typo candidate if the corpus does not know it either. */
  unknownLatin: boolean;
  /** Names a thing (noun, product name): an unknown noun weighs more than an unknown verb. */
  noun: boolean;
  /** A glossary phrase of two or more words ("ip 地址冲突", "sap logon pad") said it. */
  phrase?: boolean;
  /** One of the concepts a glossary term on a `+` line reads as ("stuck in outbox" → fail + send). */
  compound?: boolean;
}

/** The indexed form of an entry: keys per field (title A, symptoms and tags B, solution D). */
export interface IndexedFields {
  title: string[];
  body: string[];
  solution: string[];
}

export interface EntryText {
  title: string;
  symptoms: string;
  solution: string;
  tags: readonly string[];
}

export interface Analyzer {
  readonly glossary: Glossary;
  terms(text: string): Term[];
  index(entry: EntryText): IndexedFields;
  /** The glossary's correction of a Latin word, as a replacement term; null if none is close. */
  correct(term: Term): Term[] | null;
  /**
   * A Chinese word the corpus has never seen is often a segmentation artefact gluing a function
   * character to content (网都, 太慢, 用旧): its characters, glossary ones as concepts, stop
   * characters dropped. Empty when nothing is left.
   */
  splitHan(term: Term): Term[];
}

/**
 * Remembers the last `size` results of a pure function of a string. Cards re-render the same
 * incident on every click and delivery, and each render of a desk card searches the knowledge
 * base with its text: segmenting it and measuring its words against the glossary once is enough.
 */
export function remembered<T>(size: number, fn: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key) as T;
    const value = fn(key);
    if (seen.size >= size) seen.delete(seen.keys().next().value as string);
    seen.set(key, value);
    return value;
  };
}

export function createAnalyzer(glossary: Glossary, segment: Segmenter): Analyzer {
  const analyzed = remembered(512, (text) =>
    dedupe(
      inContext(
        clauses(withoutContactDetails(text)).flatMap((c) =>
          discounted(c, (part) => analyze(glossary, words(part, segment))),
        ),
      ),
    ),
  );
  // A copy: the caller may reorder or extend its terms (the terms themselves are never changed).
  const terms = (text: string) => [...analyzed(text)];
  const closest = remembered(4096, (key) => closestGlossaryWord(glossary, key));
  const isSingle = (c: string) => STOP_WORDS.has(c) || glossary.phrases.has(c);
  return {
    glossary,
    terms,
    index: (e) => ({
      title: keysOf(terms(e.title)),
      body: keysOf(terms(`${e.symptoms}\n${e.tags.join('\n')}`)),
      solution: keysOf(terms(e.solution)),
    }),
    correct(term) {
      const hit = closest(term.key);
      const concepts = hit && glossary.latinWords.get(hit.key);
      if (!hit || !concepts) return null;
      const compound = compoundOf(glossary, hit.key);
      return concepts.map((key) => ({
        ...CONCEPT,
        key,
        surface: term.surface,
        weight: hit.sim,
        ...compound,
      }));
    },
    splitHan(term) {
      // Cut at stop and glossary characters; the runs between them stay whole (项目组 → 项目 + 组).
      const parts = term.key.split(/(.)/u).filter(Boolean);
      const pieces: string[] = [];
      for (const c of parts) {
        const single = STOP_WORDS.has(c) || glossary.phrases.has(c);
        if (single || pieces.length === 0 || isSingle(pieces[pieces.length - 1] as string)) pieces.push(c);
        else pieces[pieces.length - 1] += c;
      }
      if (pieces.length === 1) return [term];
      const tag = term.noun ? 'n' : 'v';
      return dedupe(
        analyze(
          glossary,
          pieces.map((p): Word => ({ key: p, surface: p, han: true, tag })),
        ),
      );
    },
  };
}

const keysOf = (terms: readonly Term[]) => terms.map((t) => t.key);
/**
 * The glossary's `filler` concept: phrases that say nothing about the fault ("not sure why", "see
 * attached screenshot", 不知道为什么) but whose words would read as one (fail, attachment).
 * Matched as a phrase so the words are consumed, then dropped.
 */
const FILLER = conceptKey(FILLER_CONCEPT);
const CONCEPT = { weight: 1, unknownLatin: false, noun: true } as const;

/** Marks the terms of a glossary term written on a `+` line (Term.compound). */
function compoundOf(glossary: Glossary, term: string): { compound?: true } {
  return glossary.compound.has(term) ? { compound: true } : {};
}

function analyze(glossary: Glossary, ws: readonly Word[]): Term[] {
  const out: Term[] = [];
  let i = 0;
  while (i < ws.length) {
    const phrase = phraseAt(glossary, ws, i);
    if (phrase) {
      const span = ws.slice(i, i + phrase.length);
      const surface = span.map((w) => w.surface).join(span.every((w) => w.han) ? '' : ' ');
      const multi = {
        ...(phrase.length > 1 ? { phrase: true } : {}),
        ...compoundOf(glossary, phrase.keys.join(' ')),
      };
      for (const key of phrase.concepts) if (key !== FILLER) out.push({ ...CONCEPT, key, surface, ...multi });
      i += phrase.length;
      continue;
    }
    const w = withoutComplement(glossary, ws[i] as Word);
    i++;
    if (STOP_WORDS.has(w.key) || isFunctionWord(w)) continue;
    if (w.han && w.key.length >= 3) {
      const cover = coverHan(glossary, w.key);
      out.push(...cover.terms);
      if (cover.complete) continue;
    }
    const unknownLatin = !w.han && !/\d/.test(w.key);
    out.push({ key: w.key, surface: w.surface, weight: 1, unknownLatin, noun: isNounLike(w) });
  }
  return out;
}

/** A report's clauses: split at punctuation (not at a dot inside 10.1.1.1 or v2.3). */
const clauses = (text: string) => text.split(/[,，。;；!！?？\n]+|\.(?=\s|$)/u).filter((c) => c.trim());

/**
 * A clause saying what still works ("wifi's fine tho", "hotel wifi works for netflix",
 * "直接插电脑就可以", "别人都能打") names what the fault is not: its words count WORKING_WEIGHT.
 * Chat reports add such context, and it matched entries about the thing that works.
 */
const WORKS =
  /\b(?:fine|works (?:fine|ok|for|on(?! and off)|with)|working (?:fine|normally)|no problem|everyone else|other people|others can)\b|(?<![不无没能法])正常|没问题|都能|都可以|就可以|是好的/u;
export const WORKING_WEIGHT = 0.3;
/** "X works fine but Y fails": only the part that works is discounted. */
const BUT = /\bbut\b|但是|可是|不过/u;
/**
 * A clause saying who is waiting or what is due ("客户在等电话", "客户那边急着要报价单", "the
 * customer is waiting", "meeting starts in 5 min") names what depends on the fault, not the
 * fault: the call, the quotation, the meeting are not what is broken. Its words count
 * WORKING_WEIGHT, like those of a clause saying what works.
 */
const WAITING =
  /\b(?:(?:customers?|clients?|boss|manager|everyone|people|they|he|she|guests?|visitors?) (?:is |are )?waiting|(?:starts|starting|due) in)\b|在等(?!待)|等着要|急着要|急着用|急用|在催|在问(?!题)/u;
/** "it's stuck in the rollers and the customer is waiting": only the waiting part is discounted. */
const AND = /\band\b|而且|然后/u;
function discounted(clause: string, analyze: (text: string) => Term[]): Term[] {
  const lower = clause.toLowerCase();
  const marker = WORKS.test(lower) ? WORKS : WAITING.test(lower) ? WAITING : null;
  if (!marker) return analyze(clause);
  return clause.split(marker === WORKS ? BUT : AND).flatMap((part) => {
    const terms = analyze(part);
    if (!marker.test(part.toLowerCase())) return terms;
    return terms.map((t) => ({ ...t, weight: t.weight * WORKING_WEIGHT }));
  });
}

/** Adds the sense a word takes from the device named with it (see CONTEXT_SENSES). */
function inContext(terms: readonly Term[]): Term[] {
  const keys = new Set(terms.map((t) => t.key));
  let out = [...terms];
  for (const sense of CONTEXT_SENSES) {
    if (!sense.near.some((k) => keys.has(k))) continue;
    const word = out.find((t) => sense.reads.includes(t.key) && sense.surface.test(t.surface));
    if (!word) continue;
    if (sense.instead) out = out.filter((t) => t !== word);
    out.push({ ...CONCEPT, key: sense.also, surface: word.surface });
  }
  return out;
}

/**
 * A verb with a result complement (扫完, 装好, 删掉) means the verb: compare the verb, unless the
 * whole word is a glossary term of its own (用完 is "used up", not 用).
 */
function withoutComplement(glossary: Glossary, w: Word): Word {
  if (!w.han || w.key.length < 2 || !/[完好掉]$/u.test(w.key) || !w.tag?.startsWith('v')) return w;
  if (glossary.phrases.has(w.key)) return w;
  return { ...w, key: w.key.slice(0, -1) };
}

/**
 * The longest glossary phrase starting at word i, and how many words it spans. An English
 * phrasal verb takes its object pronoun inside ("logs you out", "locked him out", "turn it on"):
 * a pronoun the phrase does not name may sit between two of its words.
 */
function phraseAt(glossary: Glossary, ws: readonly Word[], i: number) {
  for (const p of glossary.phrases.get((ws[i] as Word).key) ?? []) {
    let at = i;
    const all = p.keys.every((k, j) => {
      if (j > 0 && ws[at]?.key !== k && OBJECT_PRONOUNS.has(ws[at]?.key ?? '')) at++;
      return ws[at++]?.key === k;
    });
    if (all) return { keys: p.keys, concepts: p.concepts, length: at - i };
  }
  return null;
}
// "itself": "turns itself off", "logs itself out" are the phrasal verb too.
const OBJECT_PRONOUNS = new Set(['me', 'you', 'him', 'her', 'us', 'them', 'it', 'itself']);

/**
 * A long Chinese word the segmenter kept whole (网络打印机, 邮箱满了) may contain glossary
 * terms: take them, longest first, left to right. `complete` when every character is covered.
 */
function coverHan(glossary: Glossary, word: string): { terms: Term[]; complete: boolean } {
  const terms: Term[] = [];
  let covered = 0;
  let i = 0;
  while (i < word.length) {
    let hit = 0;
    for (let len = Math.min(glossary.maxHanTerm, word.length - i); len >= 2 && !hit; len--) {
      const part = word.slice(i, i + len);
      const concepts = part !== word ? glossary.hanTerms.get(part) : undefined;
      if (!concepts) continue;
      const compound = compoundOf(glossary, part);
      for (const key of concepts)
        if (key !== FILLER) terms.push({ ...CONCEPT, key, surface: part, ...compound });
      hit = len;
    }
    covered += hit;
    i += hit || 1;
  }
  return { terms, complete: covered === word.length };
}

/** One term per key; the first surface wins, the highest weight wins. */
function dedupe(terms: readonly Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const seen = byKey.get(t.key);
    if (!seen) byKey.set(t.key, t);
    else if (t.weight > seen.weight) byKey.set(t.key, { ...seen, weight: t.weight });
  }
  return [...byKey.values()];
}
