// Teams protocol-test harness (guides/testing.md): our HTTP server with the Teams module mounted
// (unauthenticated, empty MicrosoftAppId) on real PostgreSQL receives activities exactly as the
// Bot Framework posts them to /api/messages; their `serviceUrl` points at a local server playing
// the connector, which records every post, reply, update and 1:1 conversation the bot makes.
// Clicks are built from the cards the bot actually sent (their actions' data and input ids), and
// every card the bot sends is validated with the `adaptivecards` package.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { createTeams, mountTeams, type Teams } from '../../../adapters/teams/start.js';
import { LIMITS } from '../../../adapters/teams/text.js';
import { deliveryHooks } from '../../../src/app/app-module.js';
import { createHttpServer, type HttpServer } from '../../../src/app/http.js';
import type { KnowledgeService } from '../../../src/app/knowledge-service.js';
import type { Storage } from '../../../src/app/ports.js';
import { type ReadLog, TriageService } from '../../../src/app/triage-service.js';
import type { WebLinks } from '../../../src/app/web-server/chat-link.js';
import type { TriageConfig } from '../../../src/core/config.js';
import { EmbeddedDelivery } from '../../../src/jobs/delivery-queue.js';
import { knowledgeService, reportServices } from '../../../src/main/compose.js';
import { REPORTED_AT, testConfig } from '../../fixtures/config.js';
import { backends, type OpenBackend } from '../../support/databases.js';

export type Json = Record<string, unknown>;

export const TENANT = 'tenant-1';
export const TEAM_ID = '19:team-general@thread.tacv2';
export const BOT = { id: '28:itss-bot', name: 'ITSS' };

// ---- Adaptive Card validation ---------------------------------------------------------------

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the package ships a UMD bundle without ESM types
const AC: any = require('adaptivecards/dist/adaptivecards.js');

/**
 * Problems with a card: parse warnings, validation failures, anything the library did not
 * understand (a round trip through its object model must give the same JSON back), the wrong
 * version, or too many bytes for a Teams message. Empty: the card is good.
 */
export function cardProblems(card: Json): string[] {
  const problems: string[] = [];
  const ctx = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) problems.push(`validate: ${e.message}`);
  const { msteams, ...rest } = card;
  const back = JSON.parse(JSON.stringify(parsed.toJSON()));
  delete back.$schema;
  if (JSON.stringify(sortKeys(back)) !== JSON.stringify(sortKeys(rest)))
    problems.push(`round trip differs: ${firstDifference(rest, back)}`);
  if (card.version !== '1.5') problems.push(`version ${String(card.version)}, expected 1.5`);
  if (msteams !== undefined && JSON.stringify(msteams) !== JSON.stringify({ width: 'Full' }))
    problems.push(`msteams: ${JSON.stringify(msteams)}`);
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > LIMITS.cardBytes) problems.push(`${bytes} bytes, more than ${LIMITS.cardBytes}`);
  problems.push(...blockedActions(parsed));
  return problems;
}

/**
 * Actions the Teams client would not run: before an Action.Execute or Action.Submit, the
 * Adaptive Cards renderer gathers the inputs the action refers to (its own card and every card
 * around it, unless `associatedInputs: "none"`) and refuses while a required one is empty. An
 * action may require only its own command's inputs (`<command>.<name>`); a required input of
 * another form (the card body's IM2.1 form, say) would block it. The library's own gathering
 * (getReferencedInputs) decides, as the client's renderer does.
 */
/** Every action a person can run, inside "More" and other ShowCards too (not ShowCards themselves). */
// biome-ignore lint/suspicious/noExplicitAny: the UMD bundle's objects (no types)
function runnableActions(card: any, out = new Set<any>()): Set<any> {
  for (const action of card.getAllActions()) {
    if (action instanceof AC.ShowCardAction) {
      if (action.card) runnableActions(action.card, out);
    } else out.add(action);
  }
  return out;
}

interface GatheredInput {
  id?: string;
  isRequired: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the UMD bundle's AdaptiveCard object (no types)
function blockedActions(parsed: any): string[] {
  const problems: string[] = [];
  for (const action of runnableActions(parsed)) {
    const json = action.toJSON() as Json;
    const verb = typeof json.verb === 'string' ? json.verb.replace(/^itss\./, '') : '';
    const own = String(dataOf(json).c ?? dataOf(json).k ?? (verb || dataOf(json).dlg) ?? '');
    const inputs = Object.values((action.getReferencedInputs() ?? {}) as Record<string, GatheredInput>);
    const blocking = inputs
      .filter((input) => input.isRequired && !input.id?.startsWith(`${own}.`))
      .map((input) => input.id);
    if (blocking.length > 0)
      problems.push(
        `action "${action.title}" is blocked by required inputs of another form: ${blocking.join(', ')}`,
      );
  }
  return problems;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Json)[k])]),
    );
  return v;
}

function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b))) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Json)[k], (b as Json)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: sent ${JSON.stringify(a)?.slice(0, 200)}, library read ${JSON.stringify(b)?.slice(0, 200)}`;
}

// ---- reading cards ----------------------------------------------------------------------------

export interface FoundAction {
  action: Json;
  /** Ids of every input the card shows (what Teams would collect). */
  inputs: string[];
}

/** Every action of a card, in order: top level, ActionSets, select actions, inside ShowCards. */
export function actionsOf(card: Json): Json[] {
  const out: Json[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) out.push(n);
    for (const key of ['body', 'items', 'actions', 'columns', 'card', 'selectAction'] as const) visit(n[key]);
  };
  visit(card.body);
  visit(card.actions);
  return out;
}

export function inputIdsOf(card: Json): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') out.push(n.id);
    for (const key of ['body', 'items', 'actions', 'columns', 'card'] as const) visit(n[key]);
  };
  visit(card.body);
  visit(card.actions);
  return out;
}

/** An input of the card by id (its value is the preselection). */
export function inputOf(card: Json, id: string): Json | undefined {
  let found: Json | undefined;
  const visit = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as Json;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) found = n;
    for (const key of ['body', 'items', 'actions', 'columns', 'card'] as const) visit(n[key]);
  };
  visit(card.body);
  visit(card.actions);
  return found;
}

/** Every string a person could read on the card (TextRuns, TextBlocks, titles, labels). */
export function textsOf(card: Json): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    for (const key of ['text', 'title', 'label'] as const)
      if (typeof n[key] === 'string') out.push(n[key] as string);
    for (const [k, v] of Object.entries(n)) if (k !== 'data') visit(v);
  };
  visit(card);
  return out;
}

export const dataOf = (a: Json): Json => (a.data ?? {}) as Json;

/** The action of a command: `c` in its data (a button, a form's submit, a dialog opener). */
export function commandAction(card: Json, command: string, verb?: string): Json | undefined {
  return actionsOf(card).find(
    (a) => dataOf(a).c === command && (verb === undefined || a.verb === verb) && a.type !== 'Action.ShowCard',
  );
}

// ---- the connector recorder ---------------------------------------------------------------------

export interface ConnectorCall {
  method: string;
  path: string;
  /** Decoded conversation id of the URL, if any. */
  conversationId?: string;
  /** POST …/activities/{id} (a reply) or PUT …/activities/{id} (an update). */
  activityId?: string;
  body: Json;
}

/** A message as it stands now in Teams (after every update). */
export interface PostedMessage {
  id: string;
  /** Conversation the message was posted to (channel id, `;messageid=` for thread replies, chat id). */
  conversationId: string;
  replyTo?: string;
  text?: string;
  textFormat?: string;
  entities?: Json[];
  card?: Json;
  updates: number;
}

/** Plays the Bot Framework connector: records every call, answers with real shapes. */
export class Connector {
  readonly calls: ConnectorCall[] = [];
  readonly messages = new Map<string, PostedMessage>();
  readonly cards: Json[] = [];
  /** Channels of a team, for GET /v3/teams/{id}/conversations. */
  channels: { id: string; name: string }[] = [];
  /** Team and channel rosters, for GET /v3/conversations/{id}/pagedmembers and members/{id}. */
  rosters = new Map<string, Json[]>();
  private server: Server | null = null;
  private n = 0;
  /** While true, every request is held unanswered: a hung connector. */
  hanging = false;
  private held: ServerResponse[] = [];
  /** Requests still to be answered 503 (a failing connector), before answering normally. */
  failing = 0;

  /** Back up: the held requests fail (connection reset) and new ones are answered. */
  recover(): void {
    this.hanging = false;
    for (const res of this.held.splice(0)) res.socket?.destroy();
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (this.hanging) {
        this.held.push(res);
        req.resume();
        return;
      }
      if (this.failing > 0) {
        this.failing -= 1;
        req.resume();
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
        return;
      }
      void this.handle(req).then(
        ([status, body]) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(err) }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async close(): Promise<void> {
    this.recover();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage): Promise<[number, Json]> {
    const raw = await new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c: Buffer) => {
        s += c.toString('utf8');
      });
      req.on('end', () => resolve(s));
    });
    const body = (raw ? JSON.parse(raw) : {}) as Json;
    const path = (req.url ?? '').split('?')[0] ?? '';
    const parts = path.split('/').map((p) => decodeURIComponent(p));
    const call: ConnectorCall = { method: req.method ?? '', path, body };
    this.calls.push(call);
    // /v3/teams/{teamId}/conversations
    if (parts[2] === 'teams') return [200, { conversations: this.channels }];
    if (parts[2] !== 'conversations') return [404, { error: 'unknown path' }];
    if (parts.length === 3) return [200, { id: `a:dm-${++this.n}`, activityId: `m-${++this.n}` }];
    call.conversationId = parts[3];
    if (parts[4] === 'pagedmembers' || parts[4] === 'members') return this.roster(call, parts, req.url ?? '');
    if (parts[4] !== 'activities') return [404, { error: 'unknown path' }];
    call.activityId = parts[5];
    const card = this.cardOf(body);
    if (card) this.cards.push(card);
    if (req.method === 'PUT') {
      const msg = call.activityId ? this.messages.get(call.activityId) : undefined;
      if (!msg) return [404, { error: { code: 'NotFound', message: 'no such activity' } }];
      // Teams replaces the whole activity: what the update leaves out is gone, not kept.
      for (const key of ['text', 'textFormat', 'entities', 'card'] as const) delete msg[key];
      Object.assign(msg, {
        ...(typeof body.text === 'string' ? { text: body.text } : {}),
        ...(typeof body.textFormat === 'string' ? { textFormat: body.textFormat } : {}),
        ...(Array.isArray(body.entities) ? { entities: body.entities as Json[] } : {}),
        ...(card ? { card } : {}),
        updates: msg.updates + 1,
      });
      return [200, { id: msg.id }];
    }
    const id = `m-${++this.n}`;
    this.messages.set(id, {
      id,
      conversationId: call.conversationId ?? '',
      ...(call.activityId ? { replyTo: call.activityId } : {}),
      ...(typeof body.text === 'string' ? { text: body.text } : {}),
      ...(typeof body.textFormat === 'string' ? { textFormat: body.textFormat } : {}),
      ...(Array.isArray(body.entities) ? { entities: body.entities as Json[] } : {}),
      ...(card ? { card } : {}),
      updates: 0,
    });
    return [200, { id }];
  }

  /** Paged like Teams (continuationToken), or one member by id, e-mail or UPN. */
  private roster(call: ConnectorCall, parts: string[], url: string): [number, Json] {
    const all = this.rosters.get(call.conversationId ?? '');
    if (!all) return [404, { error: { code: 'ConversationNotFound', message: 'no such conversation' } }];
    const memberId = parts[5];
    if (parts[4] === 'members' && memberId) {
      const m = all.find((x) => [x.id, x.email, x.userPrincipalName].includes(memberId));
      return m ? [200, m] : [404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } }];
    }
    const q = new URL(url, 'http://x').searchParams;
    const from = Number(q.get('continuationToken') ?? 0);
    const to = from + Number(q.get('pageSize') ?? 100);
    return [
      200,
      { members: all.slice(from, to), ...(to < all.length ? { continuationToken: String(to) } : {}) },
    ];
  }

  private cardOf(body: Json): Json | undefined {
    const attachments = (body.attachments ?? []) as { contentType?: string; content?: Json }[];
    return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  }

  /** Messages posted to a conversation (a channel's top level, a thread, a chat), in order. */
  postedTo(conversationId: string): PostedMessage[] {
    return [...this.messages.values()].filter((m) => m.conversationId === conversationId);
  }

  /** Replies in the thread of a channel message. */
  thread(channel: string, root: string): PostedMessage[] {
    return this.postedTo(`${channel};messageid=${root}`);
  }

  /** The message carrying the incident's card in a conversation (latest content). */
  cardMessage(conversationId: string, number: string): PostedMessage | undefined {
    return this.postedTo(conversationId)
      .filter((m) => m.card && JSON.stringify(m.card).includes(number))
      .at(-1);
  }

  creations(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
  }
}

// ---- the harness -----------------------------------------------------------------------------

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export function user(personId: string, name?: string, cfg: TriageConfig = testConfig()): TeamsUser {
  const p = cfg.people.find((x) => x.id === personId);
  return {
    id: p?.accounts.teams ?? `29:${personId}`,
    name: name ?? p?.name ?? personId,
    aadObjectId: `aad-${personId}`,
  };
}

export interface Conversation {
  id: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  tenantId: string;
}

export const personalChat = (u: TeamsUser): Conversation => ({
  id: `a:chat-${u.id.slice(3)}`,
  conversationType: 'personal',
  tenantId: TENANT,
});

export const channelConversation = (channel: string, root?: string): Conversation => ({
  id: root ? `${channel};messageid=${root}` : channel,
  conversationType: 'channel',
  tenantId: TENANT,
});

export interface Reply {
  status: number;
  body: Json;
}

export interface TestClock {
  current: Date;
  now(): Date;
}

export class Harness {
  private seq = 0;
  /** Every card the bot answered with (invokes, dialogs), validated like the posted ones. */
  readonly answeredCards: Json[] = [];

  constructor(
    readonly clock: TestClock,
    readonly backend: OpenBackend,
    readonly config: TriageConfig,
    readonly service: TriageService,
    readonly connector: Connector,
    readonly serviceUrl: string,
    readonly http: HttpServer,
    readonly base: string,
    readonly teams: Teams,
    readonly delivery: EmbeddedDelivery,
    /** The real knowledge base over the test database (seed it with knowledge.knowledge). */
    readonly knowledge: KnowledgeService,
  ) {}

  get storage(): Storage {
    return this.backend.storage;
  }

  nextId(): string {
    this.seq += 1;
    return `act-${this.seq}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** POSTs one activity to /api/messages as the Bot Framework does, then lets the replies the
   *  bot sends after its answer reach the connector (what a person sees a moment later). */
  async post(activity: Json): Promise<Reply> {
    const reply = await this.answerOf(activity);
    await this.teams.replies.settled();
    return reply;
  }

  /** The HTTP answer to one activity, without waiting for the replies sent after it. */
  async answerOf(activity: Json): Promise<Reply> {
    const res = await fetch(`${this.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    const body = (text ? JSON.parse(text) : {}) as Json;
    this.collectAnswer(body);
    return { status: res.status, body };
  }

  private collectAnswer(body: Json): void {
    if (body.type === 'application/vnd.microsoft.card.adaptive') this.answeredCards.push(body.value as Json);
    const task = (body.task ?? {}) as Json;
    const value = (task.value ?? {}) as Json;
    const content = (value.card as Json | undefined)?.content as Json | undefined;
    if (task.type === 'continue' && content) this.answeredCards.push(content);
  }

  activity(type: string, from: TeamsUser, conversation: Conversation, extra: Json = {}): Json {
    const channel = conversation.conversationType === 'channel' ? conversation.id.split(';')[0] : undefined;
    return {
      type,
      id: this.nextId(),
      timestamp: this.clock.now().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from,
      recipient: BOT,
      conversation,
      locale: 'en-US',
      channelData: {
        tenant: { id: TENANT },
        ...(channel ? { team: { id: TEAM_ID }, channel: { id: channel } } : {}),
      },
      ...extra,
    };
  }

  message(from: TeamsUser, conversation: Conversation, text: string, extra: Json = {}): Promise<Reply> {
    return this.post(this.activity('message', from, conversation, { text, textFormat: 'plain', ...extra }));
  }

  /** A channel message that @mentions the bot. */
  mention(from: TeamsUser, conversation: Conversation, text: string): Promise<Reply> {
    const tag = `<at>${BOT.name}</at>`;
    return this.message(from, conversation, `${tag} ${text}`, {
      entities: [{ type: 'mention', text: tag, mentioned: BOT }],
    });
  }

  invoke(
    name: string,
    value: Json,
    from: TeamsUser,
    conversation: Conversation,
    extra: Json = {},
  ): Promise<Reply> {
    return this.post(this.activity('invoke', from, conversation, { name, value, ...extra }));
  }

  /**
   * Clicks an Action.Execute of a card the way Teams does: its data plus the values of the
   * inputs (by input name, for this command; every one must be on the card).
   */
  async execute(
    from: TeamsUser,
    where: { conversation: Conversation; messageId?: string },
    card: Json,
    action: Json,
    inputs: Record<string, string> = {},
    activityId?: string,
  ): Promise<Reply> {
    if (action.type !== 'Action.Execute') throw new Error(`not an Action.Execute: ${JSON.stringify(action)}`);
    const ids = inputIdsOf(card);
    for (const id of Object.keys(inputs))
      if (!ids.includes(id)) throw new Error(`input ${id} is not on the card (${ids.join(', ')})`);
    const missing = missingRequired(card, action, inputs);
    if (missing.length > 0) return { status: 0, body: { refusedByClient: missing } };
    const value = {
      action: { type: 'Action.Execute', verb: action.verb, data: { ...dataOf(action), ...inputs } },
      trigger: 'manual',
    };
    const extra: Json = where.messageId ? { replyToId: where.messageId } : {};
    if (activityId) extra.id = activityId;
    return this.invoke('adaptiveCard/action', value, from, where.conversation, extra);
  }

  /** Clicks a command's button (or the submit of its inline form) on a card. */
  async click(
    from: TeamsUser,
    where: { conversation: Conversation; messageId?: string },
    card: Json,
    command: string,
    inputs: Record<string, string> = {},
  ): Promise<Reply> {
    const action = commandAction(card, command, 'itss.do');
    if (!action) {
      const dialog = commandAction(card, command);
      if (dialog?.type === 'Action.Submit')
        return this.dialog(from, where.conversation, dialog, command, inputs);
      throw new Error(
        `no ${command} action on the card: ${actionsOf(card)
          .map((a) => `${a.type}:${String(dataOf(a).c)}`)
          .join(', ')}`,
      );
    }
    return this.execute(from, where, card, action, prefixed(command, inputs));
  }

  /** Opens a dialog (task/fetch) from an Action.Submit, fills it and submits it (task/submit). */
  async dialog(
    from: TeamsUser,
    conversation: Conversation,
    opener: Json,
    command: string,
    inputs: Record<string, string>,
  ): Promise<Reply> {
    const fetched = await this.invoke('task/fetch', { data: dataOf(opener) }, from, conversation);
    const task = (fetched.body.task ?? {}) as Json;
    if (task.type !== 'continue') return fetched;
    const form = ((task.value as Json).card as Json).content as Json;
    const submit = actionsOf(form).find((a) => a.type === 'Action.Submit');
    if (!submit) throw new Error('dialog has no submit');
    const values = prefixed(command, inputs);
    const ids = inputIdsOf(form);
    for (const id of Object.keys(values))
      if (!ids.includes(id)) throw new Error(`input ${id} is not in the dialog`);
    const missing = missingRequired(form, submit, values);
    if (missing.length > 0) return { status: 0, body: { refusedByClient: missing } };
    return this.invoke('task/submit', { data: { ...dataOf(submit), ...values } }, from, conversation);
  }

  /** Delivers what the outbox holds, like the jobs module would. */
  async drain(): Promise<void> {
    while (await this.delivery.tick());
    const failed = (await this.storage.listOutbox({ pendingOnly: true })).filter((x) => x.lastError);
    if (failed.length > 0)
      throw new Error(`delivery failed: ${failed.map((f) => `${f.topic}: ${f.lastError}`).join('; ')}`);
  }

  /** Every card the bot sent or answered with, with its problems (none expected). */
  cardProblems(): { card: string; problems: string[] }[] {
    return [...this.connector.cards, ...this.answeredCards]
      .map((card) => ({ card: JSON.stringify(card).slice(0, 120), problems: cardProblems(card) }))
      .filter((x) => x.problems.length > 0);
  }

  async close(): Promise<void> {
    await this.http.close();
    await this.connector.close();
    await this.backend.close();
  }
}

/**
 * Required inputs the clicked action gathers that are left empty: the Adaptive Cards renderer
 * checks them before an Action.Execute or Action.Submit runs and sends nothing (it marks the
 * field with its errorMessage), so such a click never reaches the bot. The library's own
 * gathering decides which inputs the action takes (`associatedInputs`, its card and the cards
 * around it), as the client's renderer does; a preset value counts as filled.
 */
function missingRequired(card: Json, clicked: Json, values: Record<string, string>): string[] {
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, new AC.SerializationContext());
  const same = (a: Json) =>
    a.type === clicked.type && JSON.stringify(a.data) === JSON.stringify(clicked.data);
  const action = [...runnableActions(parsed)].find((a) => same(a.toJSON() as Json));
  if (!action) return [];
  const inputs = Object.values((action.getReferencedInputs() ?? {}) as Record<string, GatheredInput>);
  return inputs
    .filter((input) => input.isRequired && input.id !== undefined)
    .map((input) => input.id as string)
    .filter((id) => {
      const preset = inputOf(card, id)?.value;
      return (values[id] ?? (typeof preset === 'string' ? preset : '')).trim() === '';
    });
}

export const prefixed = (command: string, inputs: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`${command}.${k}`, v]));

export async function startHarness(
  config: TriageConfig = testConfig(),
  /** Where refused reads are logged (TriageService.read). */
  readLog?: ReadLog,
  /** The app's logger (tests that read what was logged). */
  appLog?: Logger,
  /** The web pages' links (src/app/web-server): card links and `web`. */
  web?: WebLinks,
): Promise<Harness> {
  const backend = await backends[0]?.open();
  if (!backend) throw new Error('no postgres backend');
  const connector = new Connector();
  const serviceUrl = await connector.start();
  const clock: TestClock = {
    current: REPORTED_AT,
    now() {
      return this.current;
    },
  };
  const service = new TriageService(backend.storage, config, clock, readLog);
  const log = appLog ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const http = createHttpServer({ port: 0, host: '127.0.0.1', health: async () => ({}), log });
  let n = 0;
  const knowledge = knowledgeService(backend.db, service);
  const teams = createTeams(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', local: true },
    {
      service,
      config,
      storage: backend.storage,
      log,
      knowledge,
      reports: reportServices(backend.db, config, clock).reports,
      newId: () => `task-${++n}`,
      minUpdateIntervalMs: 0,
      web: web ?? null,
      // Replies after the answer: short limits, so a hung connector test stays short.
      replies: { attemptTimeoutMs: 15_000, retryDelaysMs: [100, 200, 500, 1_000, 1_000, 1_000] },
    },
  );
  mountTeams(http, teams);
  const server = await http.listen();
  const { port } = server.address() as AddressInfo;
  const delivery = new EmbeddedDelivery(
    {
      storage: backend.storage,
      config,
      notifiers: [teams.notifier],
      clock,
      hooks: deliveryHooks({ knowledge, log }),
    },
    200,
  );
  const base = `http://127.0.0.1:${port}`;
  // One clock for the service, the delivery and the activities' timestamps.
  return new Harness(
    clock,
    backend,
    config,
    service,
    connector,
    serviceUrl,
    http,
    base,
    teams,
    delivery,
    knowledge,
  );
}

/** The configured desk's and network team's channels (test/fixtures/config.ts). */
export const DESK_CHANNEL = '19:desk@thread.tacv2';
export const NETWORK_CHANNEL = '19:network@thread.tacv2';

/**
 * A harness whose bot `installer` has added to the team, with the General, desk and network
 * channels listed: the set-up most Teams conversations start from.
 */
export async function startInstalledHarness(installer: TeamsUser): Promise<Harness> {
  const h = await startHarness();
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK_CHANNEL, name: 'Service desk' },
    { id: NETWORK_CHANNEL, name: 'Network' },
  ];
  await h.post(h.activity('installationUpdate', installer, channelConversation(TEAM_ID), { action: 'add' }));
  return h;
}
