// The incident process: one entry point that checks the guard table (rules.ts) and hands the
// command to the step that implements it. Pure: incident + command + actor + now + config in,
// Decision out.
import type { Command, CommandOf, CommandType } from './commands.js';
import type { TriageConfig } from './config.js';
import type { Decision } from './decision.js';
import { DecisionBuilder } from './draft.js';
import { checkAllowed } from './guards.js';
import {
  addWorklog,
  answerAdvice,
  applyMatch,
  askAdvice,
  noMatch,
  supplementDescription,
} from './steps/desk.js';
import { acknowledge, cancelTask, dispatchMore, feedback, reschedule } from './steps/onsite.js';
import { cancel, close, confirm, reopen, resolve } from './steps/resolution.js';
import { rate } from './steps/satisfaction.js';
import { accept, assign, decline, inScope } from './steps/second-line.js';
import { classify, decideOnsite, prioritise } from './steps/triage.js';
import { reporterNote, reporterReplied, waitForReporter } from './steps/waiting.js';
import type { Actor, Incident } from './types.js';

export function decide(
  incident: Incident,
  command: Command,
  actor: Actor,
  now: Date,
  cfg: TriageConfig,
): Decision {
  checkAllowed(incident, actor, command.type);
  const d = new DecisionBuilder(incident, incident, now, cfg);
  apply(d, command as CommandOf<typeof command.type>, actor);
  return d.finish();
}

type Handler<K extends CommandType> = (d: DecisionBuilder, command: CommandOf<K>, actor: Actor) => void;

/** Command → the step function that implements it (see rules.ts for step codes and guards). */
const HANDLERS: { [K in CommandType]: Handler<K> } = {
  classify: (d, c) => classify(d, c),
  prioritise: (d, c) => prioritise(d, c),
  decide_onsite: (d, c) => decideOnsite(d, c),
  dispatch_onsite: (d, c) => dispatchMore(d, c),
  acknowledge_onsite: (d, c, a) => acknowledge(d, c, a),
  onsite_feedback: (d, c, a) => feedback(d, c, a),
  cancel_onsite: (d, c) => cancelTask(d, c),
  reschedule_onsite: (d, c) => reschedule(d, c),
  apply_match: (d, c, a) => applyMatch(d, c, a),
  no_match: (d) => noMatch(d),
  add_worklog: (d, c, a) => addWorklog(d, c, a),
  supplement_description: (d, c, a) => supplementDescription(d, c, a),
  ask_advice: (d, c) => askAdvice(d, c),
  answer_advice: (d, c, a) => answerAdvice(d, c, a),
  resolve: (d, c, a) => resolve(d, c, a),
  assign: (d, c) => assign(d, c),
  accept: (d, _c, a) => accept(d, a),
  in_scope: (d) => inScope(d),
  decline: (d, c, a) => decline(d, c, a),
  wait_for_reporter: (d, c, a) => waitForReporter(d, c, a),
  reporter_replied: (d, c, a) => reporterReplied(d, c, a),
  reporter_note: (d, c) => reporterNote(d, c),
  confirm: (d) => confirm(d),
  reopen: (d, c) => reopen(d, c),
  close: (d, c, a) => close(d, c, a),
  cancel: (d, c, a) => cancel(d, c, a),
  rate: (d, c) => rate(d, c),
};

function apply<K extends CommandType>(d: DecisionBuilder, command: CommandOf<K>, actor: Actor): void {
  (HANDLERS[command.type as K] as Handler<K>)(d, command, actor);
}
