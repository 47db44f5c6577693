// The wire vocabulary of our Adaptive Cards: Action.Execute verbs, what a card's action carries
// (`data`), the names of inputs, idempotency keys and where conversation references are kept.
// A click carries the incident id and the version the person saw, so a stale card is answered
// "already done by X" instead of acting twice.
import type { CommandType } from '../../src/core/commands.js';
import { KNOWLEDGE_RULES, type KnowledgeAction } from '../../src/core/knowledge-rules.js';
import { RULES } from '../../src/core/rules.js';

export const VERB = {
  /** Run a command (`c`) on an incident (`i`) as seen at version `v`, from the card at `p`. */
  command: 'itss.do',
  /** Register an incident from the report form. */
  report: 'itss.report',
  /** Refresh on view (role-specific card) or by hand. */
  refresh: 'itss.refresh',
  /** Show an incident from a list as a card of its own. */
  open: 'itss.open',
  /** A knowledge action (`k`: "didn't help" on candidate `pre.ref`, search again) on incident
   *  `i`. `v` is carried but not enforced: these leave the incident as it is, so an older card
   *  may still use them; who may is checked as for commands. */
  knowledge: 'itss.kb',
  /** Which waiting incident (`i`) a kept personal-chat message (`a`, its key) answers. */
  answer: 'itss.answer',
} as const;

/** What our actions carry. Short names: every click sends them back. */
export interface CardData {
  /** Marks our data among whatever else Teams adds. */
  itss: 1;
  c?: CommandType;
  i?: string;
  v?: number;
  /** chat_refs purpose of the card the action sits on (which view to answer with). */
  p?: string;
  /** Values chosen on the card beforehand (a matching candidate's ref …). */
  pre?: Record<string, string>;
  /** A knowledge action: it changes the knowledge base and the audit trail, not the incident. */
  k?: KnowledgeAction;
  /** Dialogs: which one (`command`, `report`, `knowledge` for "save as knowledge", `history`). */
  dlg?: 'command' | 'report' | 'knowledge' | 'history';
  /** The history dialog: index of the first entry shown. */
  f?: number;
  /** The answer choice: the key of the kept message (src/app/thread-replies.ts). */
  a?: string;
  /** The report form: the line it was posted with, when not the offer (report.ts REPORT_LINE). */
  l?: 'welcome';
}

export const isCommandType = (s: unknown): s is CommandType =>
  typeof s === 'string' && Object.hasOwn(RULES, s);

export const isKnowledgeAction = (s: unknown): s is KnowledgeAction =>
  typeof s === 'string' && Object.hasOwn(KNOWLEDGE_RULES, s);

/** Reads our fields from an action's `data` (or a dialog's submitted values); null if not ours. */
export function readCardData(raw: unknown): CardData | null {
  if (!raw || typeof raw !== 'object') return null;
  const d = raw as Record<string, unknown>;
  if (d.itss !== 1) return null;
  const out: CardData = { itss: 1 };
  if (isCommandType(d.c)) out.c = d.c;
  if (typeof d.i === 'string') out.i = d.i;
  if (typeof d.v === 'number' && Number.isInteger(d.v)) out.v = d.v;
  if (typeof d.p === 'string') out.p = d.p;
  if (isKnowledgeAction(d.k)) out.k = d.k;
  if (d.dlg === 'command' || d.dlg === 'report' || d.dlg === 'knowledge' || d.dlg === 'history')
    out.dlg = d.dlg;
  if (typeof d.f === 'number' && Number.isInteger(d.f) && d.f >= 0) out.f = d.f;
  if (typeof d.a === 'string') out.a = d.a;
  if (d.l === 'welcome') out.l = d.l;
  if (d.pre && typeof d.pre === 'object') {
    const pre: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.pre)) if (typeof v === 'string') pre[k] = v;
    out.pre = pre;
  }
  return out;
}

/** Input ids are unique per card: `<command>.<input name>`; datetimes add `.date` / `.time`. */
export const inputId = (command: string, name: string): string => `${command}.${name}`;

/** The values of one command's inputs, by input name, from everything a click sent. */
export function inputsOf(command: string, values: Record<string, unknown>): Record<string, string> {
  const prefix = `${command}.`;
  const out: Record<string, string> = {};
  // Own keys in Object.entries' order, without its [key, value] pair per key (one click each).
  for (const key in values) {
    if (!Object.hasOwn(values, key) || !key.startsWith(prefix)) continue;
    const value = values[key];
    if (typeof value === 'string') out[key.slice(prefix.length)] = value;
    else if (typeof value === 'boolean' || typeof value === 'number')
      out[key.slice(prefix.length)] = String(value);
  }
  return out;
}

/** The values of one command's inputs as the click sent them, by input id (a form sent back as typed). */
export function typedOf(command: string, values: Record<string, unknown>): Record<string, string> {
  const prefix = `${command}.`;
  return Object.fromEntries(
    Object.entries(inputsOf(command, values)).map(([name, value]) => [`${prefix}${name}`, value]),
  );
}

/** The report form's inputs (IM1). */
export const REPORT = 'report';

/** The "save as knowledge" form's inputs (after IM4.1). */
export const SAVE_KNOWLEDGE = 'save_knowledge';

/**
 * Idempotency keys. Teams repeats an activity's id when it redelivers it; a second click is a
 * new activity. The user and the action are part of the key so ids never collide across them.
 */
export const activityKey = (activityId: string, userId: string, action: string): string =>
  `teams:${activityId}:${userId}:${action}`;

/** Scopes of conversation_refs rows (platform `teams`). */
export const SCOPE = {
  /** The bot's personal chat with a user; key = the user's `29:` id and, as well, AAD object id. */
  personal: 'personal',
  /** A channel; key = channel id (`19:…@thread.tacv2`). */
  channel: 'channel',
  /** A team the bot is installed in; key = team id. */
  team: 'team',
  /** A group chat the bot is in; key = conversation id. */
  chat: 'chat',
  /** The service endpoint last seen (serviceUrl, tenant, bot); key = `default`. Proactive posts
   *  to a channel or person we have no reference for go through it. */
  service: 'service',
} as const;
