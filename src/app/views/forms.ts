// Form values from any chat surface (Slack modal, Adaptive Card inputs) → a typed Command.
// One parser for every platform keeps Slack and Teams at parity; bad input becomes a
// DomainError that the adapter shows in the user's language.
import type { Command, CommandType } from '../../core/commands.js';
import type { TriageConfig } from '../../core/config.js';
import { DomainError, isDomainError } from '../../core/errors.js';
import { toLevel } from '../../core/priority.js';
import { needsVerification } from '../../core/routing.js';
import { RESOLUTION_CODES, type ResolutionCode } from '../../core/types.js';

export type FormValue = string | readonly string[] | boolean | null | undefined;
export type FormValues = Readonly<Record<string, FormValue>>;

const str = (v: FormValue): string => (typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '');
const opt = (v: FormValue): string | null => str(v).trim() || null;
const list = (v: FormValue): string[] =>
  Array.isArray(v) ? [...v] : typeof v === 'string' && v !== '' ? v.split(',').map((s) => s.trim()) : [];
const bool = (v: FormValue): boolean =>
  v === true || v === 'true' || (Array.isArray(v) && v.includes('true'));

function date(v: FormValue, field: string): Date {
  const raw = str(v);
  // Left empty: "required", as every other empty required field says (Slack trial 7j).
  if (raw.trim() === '') throw new DomainError('invalid_input', { field, reason: 'required' });
  const parsed = /^\d+$/.test(raw) ? new Date(Number(raw) * 1000) : new Date(raw);
  if (Number.isNaN(parsed.getTime())) throw new DomainError('invalid_input', { field, reason: 'date' });
  return parsed;
}

function code<T extends string>(v: FormValue, allowed: readonly T[], field: string): T {
  const value = str(v);
  if (!allowed.includes(value as T)) throw new DomainError('invalid_input', { field, reason: 'choice' });
  return value as T;
}

const windowOf = (v: FormValues) => ({
  windowStart: date(v.windowStart, 'windowStart'),
  windowEnd: date(v.windowEnd, 'windowEnd'),
});

const dispatchOf = (v: FormValues, taskId: string) => ({
  taskId,
  engineers: list(v.engineers),
  ...windowOf(v),
  note: str(v.note),
});

/** `newId` names a new on-site task; passed in so callers decide how ids are made. */
export function parseCommand(type: CommandType, v: FormValues, newId: () => string): Command {
  switch (type) {
    case 'classify':
      return { type, nature: str(v.nature), category: str(v.category), verification: opt(v.verification) };
    case 'prioritise':
      return { type, impact: toLevel(str(v.impact), 'impact'), urgency: toLevel(str(v.urgency), 'urgency') };
    case 'decide_onsite': {
      const needed = bool(v.needed);
      return needed ? { type, needed, dispatch: dispatchOf(v, newId()) } : { type, needed };
    }
    case 'dispatch_onsite':
      return { type, ...dispatchOf(v, newId()) };
    case 'acknowledge_onsite':
    case 'cancel_onsite':
      return { type, taskId: str(v.taskId) };
    case 'onsite_feedback':
      return { type, taskId: str(v.taskId), feedback: str(v.feedback) };
    case 'reschedule_onsite':
      return { type, taskId: str(v.taskId), ...windowOf(v) };
    case 'apply_match':
      return {
        type,
        matchRef: str(v.matchRef),
        solution: str(v.solution),
        code: code(v.code, ['solved', 'workaround'], 'code'),
      };
    case 'resolve':
      return {
        type,
        code: code(v.code, RESOLUTION_CODES, 'code'),
        solution: str(v.solution),
        tested: bool(v.tested),
      };
    case 'close':
      return {
        type,
        code: opt(v.code) === null ? null : code<ResolutionCode>(v.code, RESOLUTION_CODES, 'code'),
      };
    default:
      return parseSimple(type, v);
  }
}

function parseSimple(type: CommandType, v: FormValues): Command {
  switch (type) {
    case 'add_worklog':
    case 'supplement_description':
      return { type, text: str(v.text) };
    case 'ask_advice':
      return { type, team: str(v.team), question: str(v.question) };
    case 'assign':
      return { type, team: opt(v.team), worklog: opt(v.worklog) };
    case 'decline':
      return {
        type,
        reason: str(v.reason),
        suggestedTeam: opt(v.suggestedTeam),
        suggestion: opt(v.suggestion),
      };
    case 'wait_for_reporter':
      return { type, question: str(v.question) };
    case 'reporter_replied':
      return { type, text: str(v.text) };
    case 'reopen':
      return { type, reason: str(v.reason) };
    case 'cancel':
      return { type, reason: str(v.reason), duplicateOf: opt(v.duplicateOf) };
    case 'rate':
      return { type, score: Number(str(v.score)), comment: opt(v.comment) };
    case 'no_match':
    case 'accept':
    case 'in_scope':
    case 'confirm':
      return { type };
    default:
      throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
  }
}

/**
 * What a form can be told before anything runs, from the configuration: IM2.2 asks for the desk's
 * verification note when the chosen nature notifies the incident manager (the core decides it
 * again; this only lets a form show the problem next to its field).
 */
export function checkForm(command: Command, cfg: Pick<TriageConfig, 'natures'>): void {
  if (command.type !== 'classify') return;
  if (needsVerification(cfg, command.nature) && !(command.verification ?? '').trim())
    throw new DomainError('invalid_input', { field: 'verification', reason: 'required' });
}

/** Fields the core names that are not one input of a form: shown under the input that decides. */
const INPUT_OF: Readonly<Record<string, string>> = { window: 'windowEnd' };

/**
 * The input of a form a refusal is about (the parser's, checkForm's or the core's), so a chat can
 * show it next to that input with what was typed kept (Slack: the open modal; Teams: the card
 * answered with the form filled in). Null when it is about nothing `hasInput` knows: the
 * platform then answers it as any other refusal. One rule for every platform.
 */
export function formFieldOf(err: unknown, hasInput: (name: string) => boolean): string | null {
  if (!isDomainError(err)) return null;
  const named = String(err.params.field ?? '');
  const field = INPUT_OF[named] ?? named;
  return field !== '' && hasInput(field) ? field : null;
}
