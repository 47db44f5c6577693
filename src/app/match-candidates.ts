// IM2.7 matching as a desk card needs it: candidates for an incident. The composition root
// passes the knowledge base's MatchingPort when there is one; without it the fallback lists
// earlier resolved incidents of the same category. Shared by every chat renderer.
import type { TriageConfig } from '../core/config.js';
import { categoryPath } from '../core/routing.js';
import type { Incident } from '../core/types.js';
import type { MatchCandidate, MatchingPort, Storage } from './ports.js';

/** The part of the matching port a card uses. */
export type MatchFinder = Pick<MatchingPort, 'findMatches'> & Partial<Pick<MatchingPort, 'recordFeedback'>>;

export const CANDIDATES_ON_CARD = 5;

export async function candidatesFor(
  finder: MatchFinder,
  incident: Incident,
  cfg: TriageConfig,
): Promise<MatchCandidate[]> {
  const categories = incident.category
    ? categoryPath(cfg, incident.category)
        .map((c) => c.id)
        .reverse()
    : [];
  return finder.findMatches(
    { title: incident.title, description: incident.description, category: incident.category },
    { limit: CANDIDATES_ON_CARD, categories, incidentId: incident.id },
  );
}

const SNIPPET = 300;

/** Earlier resolved or closed incidents of the same category, most recent resolution first. */
export function earlierIncidents(storage: Storage): MatchFinder {
  return {
    async findMatches(query, opts = {}) {
      if (!query.category) return [];
      const done = await storage.listIncidents({ statuses: ['resolved', 'closed'], limit: 500 });
      const words = wordsOf(`${query.title} ${query.description}`);
      return done
        .filter((i) => i.category === query.category && i.id !== opts.incidentId && i.resolution !== null)
        .filter((i) => i.closureCode !== 'not_solved' && i.resolution?.code !== 'not_solved')
        .sort((a, b) => (b.resolution?.at.getTime() ?? 0) - (a.resolution?.at.getTime() ?? 0))
        .slice(0, opts.limit ?? CANDIDATES_ON_CARD)
        .map((i): MatchCandidate => {
          const matched = [...wordsOf(`${i.title} ${i.description}`)].filter((w) => words.has(w));
          return {
            ref: i.number,
            kind: 'incident',
            title: i.title,
            snippet: (i.resolution?.solution ?? '').slice(0, SNIPPET),
            score: words.size === 0 ? 0 : matched.length / words.size,
            matchedWords: matched,
            sourceUrl: null,
            category: i.category,
            confident: false,
          };
        });
    },
  };
}

/** Latin words and single CJK characters, lower-cased: enough to show what overlaps. */
function wordsOf(text: string): Set<string> {
  const tokens = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (const token of tokens) {
    if (/\p{Script=Han}/u.test(token)) for (const ch of token) out.add(ch);
    else if (token.length > 2) out.add(token);
  }
  return out;
}
