// The suggested answers a card shows, remembered per knowledge-base version. A desk card before
// and at IM2.7 re-renders on every click (the acting person's answer, each place's update), and
// each render searched the knowledge base again: analysis, corpus statistics, the candidate
// statement, scoring. The same text at the same knowledge-base version has the same answer, so
// one search serves them all. The version is read from the database before each use (one short
// statement), so an import, a publish or a "didn't help" in any process is seen at once: a
// result cached under an older version is never returned.
import type { MatchCandidate } from './ports.js';

/** Enough for every incident in flight at once on one desk; each entry is a few KiB. */
const MAX_ENTRIES = 2000;

export interface CachedMatches {
  candidates: MatchCandidate[];
  noGoodMatch: boolean;
}

export class MatchCache {
  private version: number | null = null;
  private readonly entries = new Map<string, Promise<CachedMatches>>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  /**
   * The result for `key` at `version`, searched once: callers at the same version share one
   * search (also while it runs). A newer version empties the cache; a failed search is not kept.
   * With no version (unknown) every call searches.
   */
  get(version: number | null, key: string, search: () => Promise<CachedMatches>): Promise<CachedMatches> {
    if (version === null) return search();
    if (this.version === null || version > this.version) {
      this.entries.clear();
      this.version = version;
    }
    // An older version than the cache's (a reader that started before a commit): its own search.
    if (version < this.version) return search();
    const hit = this.entries.get(key);
    if (hit) return hit;
    const searched = search().then(frozen);
    this.entries.set(key, searched);
    searched.catch(() => {
      if (this.entries.get(key) === searched) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return searched;
  }
}

/** Shared between cards: nobody may change what another card shows. */
function frozen(result: CachedMatches): CachedMatches {
  for (const c of result.candidates) {
    Object.freeze(c.matchedWords);
    Object.freeze(c);
  }
  Object.freeze(result.candidates);
  return Object.freeze(result);
}
