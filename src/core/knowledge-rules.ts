// The knowledge actions around IM2.7/IM2.8 that are not incident commands: they leave the
// incident as it is (no new version) and only write the audit trail and the knowledge base.
// Same shape as rules.ts, so the step, the states and who may act can be ticked off the seed.
import { DomainError } from './errors.js';
import { partiesOf } from './guards.js';
import type { Rule } from './rules.js';
import type { Actor, Incident } from './types.js';

export type KnowledgeAction = 'search_matches' | 'match_not_helpful' | 'save_knowledge';

export const KNOWLEDGE_RULES: Readonly<Record<KnowledgeAction, Rule>> = {
  // IM2.7 on demand: search the knowledge base, known errors and earlier incidents again.
  search_matches: { step: 'IM2.7', from: ['matching'], by: ['desk'] },
  // IM2.8 "how close is it": a candidate judged not to fit; it ranks lower from now on.
  match_not_helpful: { step: 'IM2.8', from: ['matching'], by: ['desk'] },
  // After IM4.1: the resolution becomes a draft entry for review (the team that solved it may too).
  save_knowledge: { step: 'IM4.1', from: ['resolved', 'closed'], by: ['desk', 'team'] },
};

const hasUsableResolution = (i: Incident): boolean =>
  i.resolution !== null && i.resolution.code !== 'not_solved' && i.closureCode !== 'not_solved';

/** Facts beyond state and role: only a real solution is worth saving, and one taken from an
 *  entry, or saved already, is in the knowledge base. */
const OFFERED_WHEN: Partial<Record<KnowledgeAction, (i: Incident) => boolean>> = {
  save_knowledge: (i) => hasUsableResolution(i) && !i.resolution?.matchRef && !i.resolution?.savedAs,
};

/** Throws `forbidden` or `wrong_state` like checkAllowed does for commands. */
export function checkKnowledgeAllowed(incident: Incident, actor: Actor, action: KnowledgeAction): Rule {
  const rule = KNOWLEDGE_RULES[action];
  const parties = partiesOf(incident, actor);
  if (!rule.by.some((party) => parties.has(party)))
    throw new DomainError('forbidden', { action, role: rule.by.join('|') });
  if (!rule.from.includes(incident.status) || (action === 'save_knowledge' && !hasUsableResolution(incident)))
    throw new DomainError('wrong_state', { action, status: incident.status });
  return rule;
}

/** The knowledge actions a card offers this viewer. */
export function allowedKnowledgeActions(incident: Incident, actor: Actor): KnowledgeAction[] {
  const parties = partiesOf(incident, actor);
  return (Object.keys(KNOWLEDGE_RULES) as KnowledgeAction[]).filter((action) => {
    const rule = KNOWLEDGE_RULES[action];
    const offered = OFFERED_WHEN[action]?.(incident) ?? true;
    return offered && rule.from.includes(incident.status) && rule.by.some((p) => parties.has(p));
  });
}
