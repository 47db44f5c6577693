// The process table: for each command, the ITSS step it performs, the states it may start
// from, and who may give it. Put this next to the seed table (spec/itss-im2.md) to check it.
import type { CommandType } from './commands.js';
import type { Status, StepCode } from './types.js';

/** Who may act; `desk` = service-desk agent or incident manager; `team` = the team holding the
 *  incident; `second_line` = a member of any second-line team (asked for advice, IM2.9). */
export type Party = 'desk' | 'team' | 'reporter' | 'onsite' | 'second_line';

export interface Rule {
  step: StepCode;
  from: readonly Status[];
  by: readonly Party[];
}

/** States in which an incident is still being worked on (not resolved, not finished). */
const WORKING: readonly Status[] = [
  'registered',
  'classified',
  'prioritised',
  'matching',
  'attempting',
  'assigned',
  'accepted',
  'declined',
  'investigating',
];
const AFTER_PRIORITY: readonly Status[] = WORKING.filter((s) => !['registered', 'classified'].includes(s));
const UNTIL_ASSIGNED: readonly Status[] = [
  'registered',
  'classified',
  'prioritised',
  'matching',
  'attempting',
  'declined',
];

export const RULES: Readonly<Record<CommandType, Rule>> = {
  // IM2.1 (and IM2.2 decided with it): a reclassification is allowed until a team holds it.
  classify: { step: 'IM2.1', from: UNTIL_ASSIGNED, by: ['desk'] },
  // IM2.3 (and IM2.4): later calls re-prioritise and recompute the deadlines.
  prioritise: { step: 'IM2.3', from: [...WORKING.filter((s) => s !== 'registered')], by: ['desk'] },
  // IM2.5 → IM2.6 (if needed) and IM2.7 either way.
  decide_onsite: { step: 'IM2.5', from: ['prioritised'], by: ['desk'] },
  // IM2.6 runs in parallel with matching; more engineers may be sent later.
  dispatch_onsite: { step: 'IM2.6', from: AFTER_PRIORITY, by: ['desk'] },
  // IM2.6: the task is "received in time" and "feedback reported" by the on-site staff
  // themselves; a desk click would count as a timely acknowledgement nobody gave.
  acknowledge_onsite: { step: 'IM2.6', from: WORKING, by: ['onsite'] },
  onsite_feedback: { step: 'IM2.6', from: [...WORKING, 'resolved'], by: ['onsite'] },
  cancel_onsite: { step: 'IM2.6', from: [...WORKING, 'resolved'], by: ['desk'] },
  reschedule_onsite: { step: 'IM2.6', from: WORKING, by: ['desk'] },
  // IM2.8: a ready solution → IM4.1; none fits → IM2.9.
  apply_match: { step: 'IM2.8', from: ['matching'], by: ['desk'] },
  no_match: { step: 'IM2.8', from: ['matching'], by: ['desk'] },
  // IM2.9 work log (the step recorded depends on the state: IM2.9, IM2.12, IM3.1 …).
  add_worklog: {
    step: 'IM2.9',
    from: WORKING.filter((s) => s !== 'registered'),
    by: ['desk', 'team', 'onsite'],
  },
  ask_advice: { step: 'IM2.9', from: ['attempting'], by: ['desk'] },
  // IM2.5 (desk) / IM2.12 (accepting team): "update / supplement the description".
  supplement_description: { step: 'IM2.5', from: WORKING, by: ['desk', 'team'] },
  // The asked team's answer, however late: it is kept in the work log and reaches the desk.
  answer_advice: { step: 'IM2.9', from: [...WORKING, 'resolved'], by: ['desk', 'second_line'] },
  // IM2.10 found → IM4.1 (desk); IM3.1 → IM4.1 (second line).
  resolve: { step: 'IM4.1', from: ['attempting', 'accepted', 'investigating'], by: ['desk', 'team'] },
  // IM2.10 not found → IM2.11; IM2.14 → IM2.11 again; a re-dispatch before acceptance.
  assign: { step: 'IM2.11', from: ['attempting', 'declined', 'assigned'], by: ['desk'] },
  accept: { step: 'IM2.12', from: ['assigned'], by: ['team'] },
  in_scope: { step: 'IM2.13', from: ['accepted'], by: ['team'] },
  // IM2.13 not in scope → IM2.14, straight from the assignment card or after accepting.
  decline: { step: 'IM2.14', from: ['assigned', 'accepted'], by: ['team'] },
  // The clock pauses while the incident waits on the reporter (spec, reference data).
  wait_for_reporter: { step: 'IM2.9', from: WORKING.filter((s) => s !== 'registered'), by: ['desk', 'team'] },
  reporter_replied: { step: 'IM2.9', from: WORKING, by: ['reporter', 'desk', 'team'] },
  // The reporter adds something unasked (a reply in a thread, on their DM card): work log.
  reporter_note: { step: 'IM2.9', from: WORKING, by: ['reporter'] },
  // IM5.1 closure: the reporter answers the resolution — confirms, or reopens ("still broken",
  // recorded in their name); only the desk closes. The desk does not answer for the reporter:
  // its own check is IM2.10's test before IM4.1, and an unanswered resolution closes after the
  // configured silence.
  confirm: { step: 'IM5.1', from: ['resolved'], by: ['reporter'] },
  reopen: { step: 'IM5.1', from: ['resolved'], by: ['reporter'] },
  close: { step: 'IM5.1', from: ['resolved'], by: ['desk'] },
  cancel: { step: 'IM5.1', from: WORKING, by: ['reporter', 'desk'] },
  // IM5.1 closure: the reporter rates the handling once, after confirming or once it is closed.
  rate: { step: 'IM5.1', from: ['resolved', 'closed'], by: ['reporter'] },
};

/**
 * The step a work-log entry, a wait for the reporter or their reply belongs to: the step the
 * incident is at. Before matching that is the decision still open (IM2.1, IM2.3, IM2.5), so a
 * question asked while deciding on-site support reads IM2.5, not IM2.9 (attempt resolution).
 */
export function worklogStep(status: Status): StepCode {
  switch (status) {
    case 'registered':
      return 'IM2.1';
    case 'classified':
      return 'IM2.3';
    case 'prioritised':
      return 'IM2.5';
    case 'assigned':
    case 'accepted':
      return 'IM2.12';
    case 'investigating':
      return 'IM3.1';
    case 'declined':
      return 'IM2.11';
    case 'matching':
      return 'IM2.7';
    default:
      return 'IM2.9';
  }
}
