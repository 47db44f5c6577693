// IM2.1–IM2.5: nature and category, complaint check, priority, highest-priority check,
// on-site decision. Each function is one step of the seed table.
import type { CommandOf } from '../commands.js';
import type { TriageConfig } from '../config.js';
import { type DecisionBuilder, requireText } from '../draft.js';
import { DomainError } from '../errors.js';
import { isHighestPriority, priorityOf } from '../priority.js';
import { findCategory, findNature, needsVerification } from '../routing.js';
import type { Incident, Level, Priority } from '../types.js';
import { dispatch } from './onsite.js';

/** IM2.1 confirm nature and category, then IM2.2 complaint or suggestion? */
export function classify(d: DecisionBuilder, cmd: CommandOf<'classify'>): void {
  const nature = findNature(d.cfg, cmd.nature);
  const category = findCategory(d.cfg, cmd.category);
  const before = d.original;
  const first = before.status === 'registered';
  d.markResponded()
    .set({ nature: nature.id, category: category.id, status: first ? 'classified' : before.status })
    .event('IM2.1', 'classified', {
      nature: nature.id,
      category: category.id,
      previousNature: before.nature,
      previousCategory: before.category,
    });
  if (first) d.effect({ type: 'notify_reporter', step: 'IM2.1', event: 'classified' });
  complaintCheck(d, before.nature, cmd.verification);
  reapplyCap(d);
}

/** IM2.2: the desk verifies (核实) a complaint or suggestion, then the incident manager hears it
 *  with what was verified. The note is required: the manager is not asked to do the desk's part. */
function complaintCheck(d: DecisionBuilder, previousNature: string | null, note?: string | null): void {
  const nature = findNature(d.cfg, d.incident.nature ?? '');
  if (!needsVerification(d.cfg, nature.id)) {
    d.event('IM2.2', 'not_complaint', { nature: nature.id });
    return;
  }
  // A reclassification within the same nature has been reported already.
  if (previousNature === nature.id) return;
  // Any other nature configured to notify is handled like a complaint.
  const reason = nature.id === 'suggestion' ? 'suggestion' : 'complaint';
  const verification = requireText(note, 'verification', 1000);
  d.event('IM2.2', 'verified', { nature: nature.id, verification });
  d.event('IM2.2', 'manager_notified', { nature: nature.id, reason });
  d.effect({ type: 'notify_manager', step: 'IM2.2', reason, verification });
}

/** IM2.3 set priority from impact × urgency (recomputes deadlines), then IM2.4 highest? */
export function prioritise(d: DecisionBuilder, cmd: CommandOf<'prioritise'>): void {
  const before = d.original;
  const priority = cappedPriority(cmd.impact, cmd.urgency, d.incident.nature, d.cfg);
  d.markResponded()
    .set({
      impact: cmd.impact,
      urgency: cmd.urgency,
      priority,
      priorityConfirmed: true,
      status: before.status === 'classified' ? 'prioritised' : before.status,
    })
    .recomputeDeadlines();
  d.event('IM2.3', 'prioritised', {
    impact: cmd.impact,
    urgency: cmd.urgency,
    priority,
    previousPriority: before.priorityConfirmed ? before.priority : null,
    respondBy: d.incident.respondBy?.toISOString() ?? null,
    resolveBy: d.incident.resolveBy?.toISOString() ?? null,
  });
  tellReporterIfChanged(d, before);
  highestCheck(d, before.priorityConfirmed && isHighestPriority(before.priority));
}

/** The matrix's priority, held to the nature's cap (natures[].highest_priority) if it has one. */
function cappedPriority(impact: Level, urgency: Level, natureId: string | null, cfg: TriageConfig): Priority {
  const matrix = priorityOf(impact, urgency, cfg);
  const cap = cfg.natures.find((n) => n.id === natureId)?.highestPriority;
  return cap !== undefined && matrix < cap ? cap : matrix;
}

/**
 * IM2.1 after IM2.3: a new nature whose cap gives another priority re-runs IM2.3 with the
 * impact and urgency already set, so the cap holds whichever step came last.
 */
function reapplyCap(d: DecisionBuilder): void {
  const i = d.incident;
  if (!i.priorityConfirmed || i.impact === null || i.urgency === null) return;
  if (cappedPriority(i.impact, i.urgency, i.nature, d.cfg) === i.priority) return;
  prioritise(d, { type: 'prioritise', impact: i.impact, urgency: i.urgency });
}

/** IM2.4: the highest priority is reported to the incident manager at once (once). */
function highestCheck(d: DecisionBuilder, alreadyHighest: boolean): void {
  if (!isHighestPriority(d.incident.priority)) {
    d.event('IM2.4', 'not_highest', { priority: d.incident.priority });
    return;
  }
  if (alreadyHighest) return;
  d.event('IM2.4', 'manager_notified', { priority: d.incident.priority });
  d.effect({ type: 'notify_manager', step: 'IM2.4', reason: 'highest_priority' });
}

/** IM2.5 on-site needed? Yes → IM2.6 dispatch. Either way IM2.7 matching starts. */
export function decideOnsite(d: DecisionBuilder, cmd: CommandOf<'decide_onsite'>): void {
  d.set({ onsiteNeeded: cmd.needed }).event('IM2.5', 'onsite_decided', { needed: cmd.needed });
  if (cmd.needed) {
    if (!cmd.dispatch) throw missingDispatch();
    dispatch(d, cmd.dispatch);
  }
  d.set({ status: 'matching' }).event('IM2.7', 'matching_started', {});
}

const missingDispatch = () => new DomainError('invalid_input', { field: 'engineers', reason: 'required' });

/** IM2.3: the reporter hears the confirmed priority and deadlines, and again whenever they move. */
function tellReporterIfChanged(d: DecisionBuilder, before: Incident): void {
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  const now = d.incident;
  const unchanged =
    before.priorityConfirmed &&
    before.priority === now.priority &&
    same(before.respondBy, now.respondBy) &&
    same(before.resolveBy, now.resolveBy);
  if (!unchanged) d.effect({ type: 'notify_reporter', step: 'IM2.3', event: 'prioritised' });
}
