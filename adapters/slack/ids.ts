// The wire vocabulary of our interactive elements: action ids, block ids, button values and
// modal metadata. A click carries the incident id and the version the person saw, so a stale
// card is answered "already done by X" instead of acting twice.
import type { CommandType } from '../../src/core/commands.js';
import { RULES } from '../../src/core/rules.js';
import { LIMITS } from './text.js';

export const CALLBACK = {
  report: 'itss_report',
  command: 'itss_command',
  fullText: 'itss_full_text',
  reportShortcut: 'report_incident',
  saveKnowledge: 'itss_save_knowledge',
  history: 'itss_history',
} as const;

export const ACTION = {
  /** `itss:do:<command>`: run the command now (no form, or every input preset). */
  doPrefix: 'itss:do:',
  /** `itss:open:<command>`: open the command's form in a modal. */
  openPrefix: 'itss:open:',
  /** `itss:in:<command>:<input>`: a block id of an input right on a card (one-click choices). */
  cardInputPrefix: 'itss:in:',
  /** `itss:sel:<input>` inside a block `itss:sel:<command>:<incident>:<version>` on a card. */
  selectPrefix: 'itss:sel:',
  openReport: 'itss:report',
  /** `itss:answer:<number>`: which waiting incident a kept DM answers; the value is {a: key, i: id}. */
  answerChoice: 'itss:answer',
  showFull: 'itss:more',
  homeRefresh: 'itss:home:refresh',
  /** The incident's history (read-only); the value is the incident id. */
  history: 'itss:history',
  /** A page of the history modal; the value is a HistoryPage. */
  historyPage: 'itss:history:page',
  /** Knowledge actions (core/knowledge-rules.ts); the button value is a ButtonValue. */
  kbNotHelpful: 'itss:kb:not_helpful',
  kbSearch: 'itss:kb:search',
  kbSave: 'itss:kb:save',
} as const;

/** Action id of a form input inside our modals; the block id is the input's name. */
export const INPUT_ACTION = 'value';

export const isCommandType = (s: string): s is CommandType => Object.hasOwn(RULES, s);

/** What a button carries: incident, version, inputs chosen on the card (e.g. the only task). */
export interface ButtonValue {
  incidentId: string;
  version: number;
  presets: Record<string, string>;
}

export function encodeButton(value: ButtonValue): string {
  const json = JSON.stringify({ i: value.incidentId, v: value.version, p: value.presets });
  if (json.length > LIMITS.buttonValue) throw new Error(`button value too long (${json.length})`);
  return json;
}

export function decodeButton(raw: string | undefined): ButtonValue | null {
  try {
    const v = JSON.parse(raw ?? '') as { i?: unknown; v?: unknown; p?: unknown };
    if (typeof v.i !== 'string' || typeof v.v !== 'number') return null;
    const presets: Record<string, string> = {};
    if (v.p && typeof v.p === 'object')
      for (const [k, x] of Object.entries(v.p)) if (typeof x === 'string') presets[k] = x;
    return { incidentId: v.i, version: v.v, presets };
  } catch {
    return null;
  }
}

/** `itss:do:classify` → { mode: 'do', command: 'classify' }. */
export function parseActionId(actionId: string): { mode: 'do' | 'open'; command: CommandType } | null {
  const mode = actionId.startsWith(ACTION.doPrefix)
    ? 'do'
    : actionId.startsWith(ACTION.openPrefix)
      ? 'open'
      : null;
  if (!mode) return null;
  // `itss:do:rate#3`: one of several buttons of the same command in one block.
  const rest = actionId.slice((mode === 'do' ? ACTION.doPrefix : ACTION.openPrefix).length);
  const command = rest.split('#')[0] ?? '';
  return isCommandType(command) ? { mode, command } : null;
}

export interface SelectBlock {
  command: CommandType;
  incidentId: string;
  version: number;
}

export const selectBlockId = (b: SelectBlock): string =>
  `${ACTION.selectPrefix}${b.command}:${b.incidentId}:${b.version}`;

export function parseSelectBlockId(blockId: string): SelectBlock | null {
  if (!blockId.startsWith(ACTION.selectPrefix)) return null;
  const [command, incidentId, version] = blockId.slice(ACTION.selectPrefix.length).split(':');
  if (!command || !incidentId || !isCommandType(command) || !/^\d+$/.test(version ?? '')) return null;
  return { command, incidentId, version: Number(version) };
}

/** Carried through a command modal: what to run and where to answer. */
export interface CommandMeta {
  incidentId: string;
  version: number;
  command: CommandType;
  /** Conversation the click came from (for ephemeral answers); null from App Home. */
  channel: string | null;
}

export function encodeMeta(meta: CommandMeta): string {
  return JSON.stringify({ i: meta.incidentId, v: meta.version, c: meta.command, ch: meta.channel });
}

export function decodeMeta(raw: string | undefined): CommandMeta | null {
  try {
    const m = JSON.parse(raw ?? '') as { i?: unknown; v?: unknown; c?: unknown; ch?: unknown };
    if (typeof m.i !== 'string' || typeof m.v !== 'number' || typeof m.c !== 'string') return null;
    if (!isCommandType(m.c)) return null;
    return { incidentId: m.i, version: m.v, command: m.c, channel: typeof m.ch === 'string' ? m.ch : null };
  } catch {
    return null;
  }
}

/** Carried through the save-as-knowledge modal: the incident and where to answer. */
export interface KnowledgeMeta {
  incidentId: string;
  channel: string | null;
}

export const encodeKnowledgeMeta = (meta: KnowledgeMeta): string =>
  JSON.stringify({ i: meta.incidentId, ch: meta.channel });

export function decodeKnowledgeMeta(raw: string | undefined): KnowledgeMeta | null {
  try {
    const m = JSON.parse(raw ?? '') as { i?: unknown; ch?: unknown };
    if (typeof m.i !== 'string') return null;
    return { incidentId: m.i, channel: typeof m.ch === 'string' ? m.ch : null };
  } catch {
    return null;
  }
}

/** The report modal remembers where it was opened from (channel for answers, source message). */
export interface ReportMeta {
  channel: string | null;
}

/**
 * Idempotency keys. Events: Slack's event_id (a retry repeats it). Interactive payloads carry
 * no id, so the key is built from what a redelivery repeats and a second click does not.
 */
export const eventKey = (eventId: string) => `slack:event:${eventId}`;
export const actionKey = (a: { action_ts: string; block_id: string; action_id: string }, user: string) =>
  `slack:action:${a.action_ts}:${user}:${a.block_id}:${a.action_id}`;
export const viewKey = (viewId: string) => `slack:view:${viewId}`;

/** Which page of an incident's history a modal button asks for. */
export interface HistoryPage {
  incidentId: string;
  /** Index of the first entry shown. */
  from: number;
}

export const encodeHistoryPage = (p: HistoryPage): string => JSON.stringify({ i: p.incidentId, f: p.from });

export function decodeHistoryPage(raw: string | undefined): HistoryPage | null {
  try {
    const p = JSON.parse(raw ?? '') as { i?: unknown; f?: unknown };
    if (typeof p.i !== 'string' || typeof p.f !== 'number' || !Number.isInteger(p.f) || p.f < 0) return null;
    return { incidentId: p.i, from: p.f };
  } catch {
    return null;
  }
}
