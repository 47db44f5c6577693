// IM5.1 closure, the reporter's satisfaction: once the reporter confirmed the fix, or the desk
// closed the incident without them, the reporter rates the handling 1..5 with an optional comment.
// Taken once per incident: a rating is evidence for the reports, not an opinion poll to redo.
import type { CommandOf } from '../commands.js';
import type { DecisionBuilder } from '../draft.js';
import { DomainError } from '../errors.js';
import { mayRateNow } from '../guards.js';
import { SATISFACTION_SCORES, type SatisfactionScore } from '../types.js';

/** A comment is a few sentences; longer text is refused, not cut (the person decides what goes). */
export const MAX_RATING_COMMENT = 1000;

export function rate(d: DecisionBuilder, cmd: CommandOf<'rate'>): void {
  const i = d.incident;
  if (i.satisfaction !== null)
    throw new DomainError('already_rated', { number: i.number, score: i.satisfaction.score });
  // Resolved but not confirmed: the reporter still has to say whether it is fixed.
  if (!mayRateNow(i)) throw new DomainError('invalid_input', { field: 'score', reason: 'rate_too_early' });
  const score = scoreOf(cmd.score);
  const comment = commentOf(cmd.comment);
  const after = i.reporterConfirmedAt !== null ? 'confirmed' : 'closed_without_reporter';
  // The trail says whether there is a comment, not what it says: the words stay on the incident.
  d.set({ satisfaction: { score, comment, at: d.now, after } })
    .event('IM5.1', 'rated', { score, comment: comment !== null, after })
    .effect({ type: 'notify_reporter', step: 'IM5.1', event: 'rated' });
}

function scoreOf(value: number): SatisfactionScore {
  if (!SATISFACTION_SCORES.includes(value as SatisfactionScore))
    throw new DomainError('invalid_input', { field: 'score', reason: 'choice' });
  return value as SatisfactionScore;
}

function commentOf(value: string | null): string | null {
  const comment = (value ?? '').trim();
  if (comment.length > MAX_RATING_COMMENT)
    throw new DomainError('invalid_input', { field: 'comment', reason: 'too_long', max: MAX_RATING_COMMENT });
  return comment === '' ? null : comment;
}
