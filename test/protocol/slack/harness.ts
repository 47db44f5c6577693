// Slack protocol-test harness (test/../guides/testing.md): the real app (our HTTP server with the
// Slack module mounted, real PostgreSQL) receives signed requests exactly as Slack sends them;
// the bot's Web API client talks to a local recorder that answers with real shapes. Clicks are
// built from the blocks the bot actually posted (their action_id, block_id and value).
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import type { SlackBot, SlackSettings } from '../../../adapters/slack/app.js';
import { startSlack } from '../../../adapters/slack/start.js';
import { openDatabase } from '../../../db/connect.js';
import { createStorage } from '../../../db/repository.js';
import { type AppContext, deliveryHooks } from '../../../src/app/app-module.js';
import { fixedConfig } from '../../../src/app/config-holder.js';
import { readSettings } from '../../../src/app/env.js';
import { createHttpServer, healthChecks } from '../../../src/app/http.js';
import { actorById } from '../../../src/app/identity.js';
import type { Storage } from '../../../src/app/ports.js';
import { type ReadLog, TriageService } from '../../../src/app/triage-service.js';
import type { WebLinks } from '../../../src/app/web-server/chat-link.js';
import type { Command } from '../../../src/core/commands.js';
import type { TriageConfig } from '../../../src/core/config.js';
import type { Actor, Incident } from '../../../src/core/types.js';
import { EmbeddedDelivery } from '../../../src/jobs/delivery-queue.js';
import { knowledgeService, reportServices } from '../../../src/main/compose.js';
import { REPORTED_AT, testConfig } from '../../fixtures/config.js';
import { backends, type OpenBackend } from '../../support/databases.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token';

// ---- the Web API recorder -------------------------------------------------------------------

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

export interface Block {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: Element[];
  element?: Element;
  accessory?: Element;
  label?: { text: string };
  optional?: boolean;
}

export interface Element {
  type: string;
  action_id?: string;
  value?: string;
  text?: { type: string; text: string };
  options?: { text: { text: string }; value: string }[];
  initial_option?: { value: string };
  initial_options?: { value: string }[];
  initial_value?: string;
  style?: string;
}

/** A message as it stands now in Slack (after every chat.update). */
export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: Block[];
}

export interface OpenedView {
  id: string;
  trigger_id: string;
  view: {
    type: string;
    callback_id: string;
    private_metadata?: string;
    title: { text: string };
    blocks: Block[];
  };
}

/** Plays Slack's Web API: records every call and answers like Slack does. */
export class Recorder {
  calls: ApiCall[] = [];
  messages = new Map<string, PostedMessage>();
  views: OpenedView[] = [];
  socketUrl = '';
  private tsCounter = 0;
  /** Errors to answer instead of success: `method channel` → Slack error code (once each). */
  failures = new Map<string, string>();
  /** Display names users.info answers, by user id (default: Wang Fang). */
  displayNames = new Map<string, string>();
  /** The workspace directory: user groups, channel members, people with e-mail (bots too). */
  usergroups = new Map<string, string[]>();
  channelMembers = new Map<string, string[]>();
  people = new Map<string, { name: string; email?: string; is_bot?: boolean; deleted?: boolean }>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
      const args = parseBody(await readBody(req), req.headers['content-type'] ?? '');
      this.calls.push({ method, args });
      res.setHeader('content-type', 'application/json');
      const failure = `${method} ${String(args.channel ?? '')}`;
      const error = this.failures.get(failure);
      this.failures.delete(failure);
      res.end(JSON.stringify(error ? { ok: false, error } : this.answer(method, args)));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  reset(): void {
    this.calls = [];
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1781000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const channelOf = (c: unknown) => (typeof c === 'string' && c.startsWith('U') ? `D${c}` : String(c));
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'itss', team: 'Test' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const channel = channelOf(a.channel);
        const message: PostedMessage = {
          channel,
          ts,
          text: String(a.text ?? ''),
          blocks: (a.blocks as Block[]) ?? [],
          ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        };
        this.messages.set(`${channel}/${ts}`, message);
        return { ok: true, channel, ts, message: { ts, text: message.text } };
      }
      case 'chat.update': {
        const key = `${a.channel}/${a.ts}`;
        const message = this.messages.get(key);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(a.text ?? '');
        message.blocks = (a.blocks as Block[]) ?? [];
        return { ok: true, channel: a.channel, ts: a.ts, text: message.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: a.channel,
          permalink: `https://test.slack.com/archives/${a.channel}/p${String(a.message_ts).replace('.', '')}`,
        };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(a.users)}` } };
      case 'usergroups.users.list': {
        const users = this.usergroups.get(String(a.usergroup));
        return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.members': {
        const all = this.channelMembers.get(String(a.channel));
        if (!all) return { ok: false, error: 'channel_not_found' };
        const from = Number(a.cursor ?? 0);
        const to = from + Number(a.limit ?? 100);
        const next = to < all.length ? String(to) : '';
        return { ok: true, members: all.slice(from, to), response_metadata: { next_cursor: next } };
      }
      case 'users.list': {
        const all = [...this.people].map(([id, p]) => ({
          id,
          name: p.name.toLowerCase(),
          real_name: p.name,
          is_bot: p.is_bot ?? false,
          deleted: p.deleted ?? false,
          profile: { display_name: p.name, ...(p.email ? { email: p.email } : {}) },
        }));
        const from = Number(a.cursor ?? 0);
        const to = from + Number(a.limit ?? 100);
        return {
          ok: true,
          members: all.slice(from, to),
          response_metadata: { next_cursor: to < all.length ? String(to) : '' },
        };
      }
      case 'users.lookupByEmail': {
        const found = [...this.people].find(([, p]) => p.email === a.email);
        return found ? { ok: true, user: { id: found[0] } } : { ok: false, error: 'users_not_found' };
      }
      case 'users.info': {
        const person = this.people.get(String(a.user));
        if (person)
          return {
            ok: true,
            user: {
              id: a.user,
              name: person.name.toLowerCase(),
              real_name: person.name,
              is_bot: person.is_bot ?? false,
              deleted: person.deleted ?? false,
              profile: { display_name: person.name, ...(person.email ? { email: person.email } : {}) },
            },
          };
        const name = this.displayNames.get(String(a.user)) ?? 'Wang Fang';
        return {
          ok: true,
          user: { id: a.user, name: 'wang.fang', real_name: name, profile: { display_name: name } },
        };
      }
      case 'views.open': {
        const id = `V${randomUUID().slice(0, 8).toUpperCase()}`;
        this.views.push({ id, trigger_id: String(a.trigger_id), view: a.view as OpenedView['view'] });
        return { ok: true, view: { id, ...(a.view as object) } };
      }
      case 'views.publish':
        return { ok: true, view: { id: `VHOME${randomUUID().slice(0, 4)}`, ...(a.view as object) } };
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      default:
        return { ok: true };
    }
  }

  // ---- what the bot sent ----

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages in a channel, oldest first (as they stand now). */
  posted(channel: string): PostedMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && !m.thread_ts);
  }

  /** Replies in a thread. */
  thread(channel: string, ts: string): PostedMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.thread_ts === ts);
  }

  /** The card (a message with a header block) whose header mentions `number`. */
  card(channel: string, number: string): PostedMessage {
    const found = this.posted(channel).filter(
      (m) => m.blocks[0]?.type === 'header' && (m.blocks[0].text?.text ?? '').startsWith(number),
    );
    const card = found.at(-1);
    if (!card) throw new Error(`no card for ${number} in ${channel}`);
    return card;
  }

  ephemerals(user: string): string[] {
    return this.callsTo('chat.postEphemeral')
      .filter((c) => c.args.user === user)
      .map((c) => String(c.args.text));
  }

  lastView(): OpenedView {
    const view = this.views.at(-1);
    if (!view) throw new Error('no view was opened');
    return view;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The WebClient sends form fields; nested objects (blocks, view) as JSON strings. */
function parseBody(body: string, type: string): Record<string, unknown> {
  if (type.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    out[k] = /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

// ---- text of messages ------------------------------------------------------------------------

/** Every text a message shows: its fallback text, headers, sections, fields, contexts. */
export function textOf(m: { text?: string; blocks: Block[] }): string {
  const parts: string[] = [m.text ?? ''];
  for (const b of m.blocks) {
    if (b.text) parts.push(b.text.text);
    for (const f of b.fields ?? []) parts.push(f.text);
    // Buttons carry a text object; context elements are text objects themselves.
    for (const e of b.elements ?? []) {
      const text: unknown = e.text;
      if (typeof text === 'string') parts.push(text);
      else if (e.text) parts.push(e.text.text);
    }
  }
  return parts.join('\n');
}

/** Elements that can be clicked, with the block they sit in. */
export function elementsOf(blocks: Block[]): { block: Block; element: Element }[] {
  const out: { block: Block; element: Element }[] = [];
  for (const block of blocks) {
    if (block.accessory) out.push({ block, element: block.accessory });
    if (block.type === 'actions') for (const element of block.elements ?? []) out.push({ block, element });
  }
  return out;
}

// ---- Block Kit limits --------------------------------------------------------------------------

/** Every rule we promise to keep, checked on what the bot sent. Returns the problems found. */
export function blockKitProblems(calls: readonly ApiCall[]): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const visitBlocks = (blocks: Block[], max: number, where: string) => {
    check(blocks.length <= max, `${where}: ${blocks.length} blocks`);
    // Slack requires action_ids unique within a block; we keep them unique within a message or
    // view, so a click names one element wherever it sits.
    const actionIds = elementsOf(blocks)
      .map((x) => x.element.action_id)
      .filter((id): id is string => id !== undefined);
    for (const id of new Set(actionIds.filter((id, i) => actionIds.indexOf(id) !== i)))
      problems.push(`${where}: action_id ${id} repeated`);
    for (const b of blocks) {
      check((b.block_id ?? '').length <= 255, `${where}: block_id too long`);
      if (b.type === 'section') check((b.text?.text ?? '').length <= 3000, `${where}: section text > 3000`);
      if (b.type === 'header') check((b.text?.text ?? '').length <= 150, `${where}: header > 150`);
      for (const f of b.fields ?? []) check(f.text.length <= 2000, `${where}: field > 2000`);
      check((b.fields ?? []).length <= 10, `${where}: > 10 fields`);
      if (b.type === 'actions') check((b.elements ?? []).length <= 25, `${where}: > 25 elements`);
      if (b.type === 'context') check((b.elements ?? []).length <= 10, `${where}: > 10 context elements`);
      const elements = [...(b.type === 'actions' ? (b.elements ?? []) : []), b.accessory, b.element].filter(
        (e): e is Element => e !== undefined,
      );
      for (const e of elements) {
        check((e.action_id ?? '').length <= 255, `${where}: action_id too long`);
        if (e.type === 'button') {
          check((e.text?.text ?? '').length <= 75, `${where}: button text > 75`);
          check((e.value ?? '').length <= 2000, `${where}: button value > 2000`);
        }
        check((e.options ?? []).length <= 100, `${where}: > 100 options`);
        for (const o of e.options ?? []) check(o.text.text.length <= 75, `${where}: option text > 75`);
      }
    }
  };
  for (const call of calls) {
    const a = call.args;
    if (Array.isArray(a.blocks)) visitBlocks(a.blocks as Block[], 50, `${call.method} ${String(a.channel)}`);
    if (a.link_names !== undefined || a.parse !== undefined)
      problems.push(`${call.method}: link_names/parse set`);
    const view = a.view as OpenedView['view'] | undefined;
    if (view) {
      visitBlocks(view.blocks, 100, `${call.method} ${view.callback_id ?? view.type}`);
      if (view.type === 'modal') check(view.title.text.length <= 24, `${call.method}: modal title > 24`);
      check((view.private_metadata ?? '').length <= 3000, `${call.method}: private_metadata > 3000`);
    }
  }
  return problems;
}

/** Mentions or links that could only come from unescaped user text. */
export function injected(calls: readonly ApiCall[], allowedMentions: readonly string[] = []): string[] {
  const found: string[] = [];
  const scan = (text: string) => {
    for (const m of text.matchAll(/<[^>]*>/g)) {
      const inner = m[0].slice(1, -1);
      if (inner.startsWith('@') && allowedMentions.includes(inner.slice(1))) continue;
      found.push(m[0]);
    }
  };
  for (const call of calls) {
    if (
      call.method !== 'chat.postMessage' &&
      call.method !== 'chat.update' &&
      call.method !== 'chat.postEphemeral'
    )
      continue;
    scan(String(call.args.text ?? ''));
    for (const b of (call.args.blocks as Block[] | undefined) ?? []) {
      if (b.text?.type === 'mrkdwn') scan(b.text.text);
      for (const f of b.fields ?? []) scan(f.text);
      for (const e of b.elements ?? []) if (e.type === 'mrkdwn' && typeof e.text === 'string') scan(e.text);
    }
  }
  return found;
}

// ---- signed requests -------------------------------------------------------------------------

export function sign(body: string, secret = SIGNING_SECRET, ts = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

export interface SlackUser {
  id: string;
  name: string;
}

export const user = (id: string, name = id.toLowerCase()): SlackUser => ({ id, name });

// ---- the app under test ----------------------------------------------------------------------

export class TestClock {
  current = REPORTED_AT;
  now = () => this.current;
  advance(minutes: number) {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export interface Harness {
  base: string;
  recorder: Recorder;
  backend: OpenBackend;
  storage: Storage;
  service: TriageService;
  config: TriageConfig;
  clock: TestClock;
  bot: SlackBot;
  ctx: AppContext;
  /** Lets the work after every ack finish, then delivers the outbox (cards, DMs, mentions). */
  settle(): Promise<void>;
  post(body: string, contentType: string, headers?: Record<string, string>): Promise<Response>;
  /** The body of the last request sent to /slack/events. */
  lastBody: string;
  /** A signed slash command (form-encoded fields). */
  command(from: SlackUser, text: string, channel?: string): Promise<Response>;
  /** A signed interactive payload (`payload=<json>`). */
  interact(payload: Record<string, unknown>): Promise<Response>;
  /** A signed Events API callback (JSON). */
  event(event: Record<string, unknown>, opts?: { eventId?: string; retryNum?: number }): Promise<Response>;
  /** Clicks an element of a posted message, found by its action_id (prefix) and, optionally, text. */
  click(from: SlackUser, message: PostedMessage, actionId: string, opts?: ClickOptions): Promise<Response>;
  /** Submits the last opened modal with `values` (by input name); returns the HTTP answer. */
  submit(
    from: SlackUser,
    values: Record<string, string | string[] | number | boolean>,
    view?: OpenedView,
  ): Promise<Response>;
  /** A reply in a message's thread. */
  reply(
    from: SlackUser,
    message: PostedMessage,
    text: string,
    opts?: { eventId?: string; retryNum?: number },
  ): Promise<Response>;
  /** Registers an incident and runs commands through the use cases (setup, not under test). */
  incident(title: string, commands?: readonly Command[], reporter?: Actor): Promise<Incident>;
  close(): Promise<void>;
}

/** The commands that bring a VPN incident from IM1 to the given state, by a desk agent. */
export const TO: Readonly<
  Record<'classified' | 'prioritised' | 'matching' | 'attempting' | 'assigned', Command[]>
> = (() => {
  const classify: Command = { type: 'classify', nature: 'fault', category: 'vpn' };
  const prioritise: Command = { type: 'prioritise', impact: 3, urgency: 3 };
  const onsite: Command = { type: 'decide_onsite', needed: false };
  const noMatch: Command = { type: 'no_match' };
  const assign: Command = {
    type: 'assign',
    team: null,
    worklog: 'Restarted the client and checked the gateway: no change',
  };
  return {
    classified: [classify],
    prioritised: [classify, prioritise],
    matching: [classify, prioritise, onsite],
    attempting: [classify, prioritise, onsite, noMatch],
    assigned: [classify, prioritise, onsite, noMatch, assign],
  };
})();

export const REPORTER: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

export interface ClickOptions {
  /** Element whose text contains this. */
  text?: string;
  /** For selects: the option value chosen. */
  select?: string;
  /** Other selects of the same block already chosen (state.values), by action_id. */
  state?: Record<string, string>;
  /** Text typed into the message's own input blocks before clicking, by block_id. */
  typed?: Record<string, string>;
}

async function openPrivate(databaseUrl: string): Promise<OpenBackend> {
  const db = await openDatabase({ databaseUrl });
  const storage = createStorage(db);
  return { storage, db, close: () => storage.close() };
}

export async function startHarness(
  opts: {
    config?: TriageConfig;
    settings?: Partial<SlackSettings>;
    socketUrl?: string;
    /** Where refused reads are logged (TriageService.read). */
    readLog?: ReadLog;
    /** The app's logger (tests that read what was logged). */
    log?: Logger;
    /** A private PostgreSQL (fault tests stop it) instead of a schema of the shared one. */
    databaseUrl?: string;
    /** The web pages' links (src/app/web-server): card links and `/incident web`. */
    web?: WebLinks;
  } = {},
): Promise<Harness> {
  const recorder = new Recorder();
  await recorder.start();
  recorder.socketUrl = opts.socketUrl ?? '';
  const backend = opts.databaseUrl
    ? await openPrivate(opts.databaseUrl)
    : await (backends.find((b) => b.name === 'postgres') ?? backends[0])?.open();
  if (!backend) throw new Error('no database backend');
  const config = opts.config ?? testConfig();
  const clock = new TestClock();
  const log = opts.log ?? pino({ level: process.env.TEST_LOG ?? 'silent' });
  const http = createHttpServer({ port: 0, host: '127.0.0.1', health: healthChecks({}), log });
  // One holder for the service and the adapter, as in the app: a directory overlay reaches both.
  const configs = fixedConfig(config);
  const service = new TriageService(backend.storage, configs, clock, opts.readLog);
  const ctx: AppContext = {
    settings: readSettings({}),
    env: {},
    get config() {
      return configs.current();
    },
    configs,
    storage: backend.storage,
    service,
    knowledge: knowledgeService(backend.db, service),
    ...reportServices(backend.db, configs, clock),
    http,
    log,
    clock,
    notifiers: [],
    directories: [],
    web: opts.web ?? null,
  };
  const settings: SlackSettings = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: null,
    apiUrl: recorder.url,
    ...opts.settings,
  };
  const { bot } = await startSlack(ctx, settings, {
    clientOptions: { retryConfig: { retries: 0 } },
    notifier: { minUpdateIntervalMs: 0 },
  });
  const server = await http.listen();
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The jobs module's embedded delivery loop, one round at a time (settle() runs it to the end).
  const delivery = new EmbeddedDelivery(
    { storage: backend.storage, config, notifiers: ctx.notifiers, clock, hooks: deliveryHooks(ctx) },
    200,
  );
  let actionTs = 1781000000;

  const post = (body: string, contentType: string, headers: Record<string, string> = sign(body)) => {
    h.lastBody = body;
    return fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body,
    });
  };
  const interact = (payload: Record<string, unknown>) =>
    post(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  const trigger = () => `${Date.now()}.${randomUUID().slice(0, 8)}`;

  const h: Harness = {
    base,
    recorder,
    backend,
    storage: backend.storage,
    service,
    config,
    clock,
    bot,
    ctx,
    post,
    lastBody: '',
    interact,
    async settle() {
      await bot.settled();
      while (await delivery.tick());
      await bot.settled();
    },
    command(from, text, channel = 'CGENERAL') {
      const body = new URLSearchParams({
        token: 'legacy',
        team_id: 'T1',
        team_domain: 'test',
        channel_id: channel,
        channel_name: 'general',
        user_id: from.id,
        user_name: from.name,
        command: '/incident',
        text,
        api_app_id: 'A1',
        response_url: 'https://hooks.slack.com/commands/T1/1/x',
        trigger_id: trigger(),
      }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    event(event, o = {}) {
      const body = JSON.stringify({
        token: 'legacy',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: o.eventId ?? `Ev${randomUUID().slice(0, 10)}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
        event,
      });
      const headers: Record<string, string> = sign(body);
      if (o.retryNum) {
        headers['x-slack-retry-num'] = String(o.retryNum);
        headers['x-slack-retry-reason'] = 'http_timeout';
      }
      return post(body, 'application/json', headers);
    },
    click(from, message, actionId, o = {}) {
      const found = elementsOf(message.blocks).filter(
        ({ element }) =>
          (element.action_id ?? '').startsWith(actionId) &&
          (o.text === undefined || (element.text?.text ?? '').includes(o.text)),
      );
      const hit = found[0];
      if (!hit) {
        const have = elementsOf(message.blocks).map(
          (x) => `${x.element.action_id} "${x.element.text?.text ?? ''}"`,
        );
        throw new Error(`no element ${actionId} ${o.text ?? ''} on the message; it has: ${have.join(', ')}`);
      }
      actionTs += 1;
      const { block, element } = hit;
      const values: Record<string, Record<string, unknown>> = {};
      if (block.type === 'actions' && block.block_id) {
        const state: Record<string, unknown> = {};
        for (const e of block.elements ?? []) {
          if (!e.type.includes('select') || !e.action_id) continue;
          const chosen =
            e.action_id === element.action_id
              ? o.select
              : (o.state?.[e.action_id] ?? e.initial_option?.value);
          state[e.action_id] = { type: e.type, selected_option: chosen ? { value: chosen } : null };
        }
        values[block.block_id] = state;
      }
      // Slack sends every input of the message with a click; untouched text inputs as null.
      for (const b of message.blocks) {
        if (b.type !== 'input' || !b.block_id || b.element?.type !== 'plain_text_input') continue;
        const typed = o.typed?.[b.block_id] ?? null;
        values[b.block_id] = { [b.element.action_id ?? '']: { type: 'plain_text_input', value: typed } };
      }
      const action: Record<string, unknown> = {
        type: element.type,
        action_id: element.action_id,
        block_id: block.block_id ?? 'auto',
        action_ts: `${actionTs}.000100`,
        ...(element.value !== undefined ? { value: element.value } : {}),
        ...(element.text ? { text: element.text } : {}),
        ...(o.select
          ? { selected_option: { text: { type: 'plain_text', text: o.select }, value: o.select } }
          : {}),
      };
      return interact({
        type: 'block_actions',
        user: { id: from.id, username: from.name, name: from.name, team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        team: { id: 'T1', domain: 'test' },
        trigger_id: trigger(),
        container: {
          type: 'message',
          message_ts: message.ts,
          channel_id: message.channel,
          is_ephemeral: false,
          ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
        },
        channel: { id: message.channel, name: 'x' },
        message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
        state: { values },
        response_url: 'https://hooks.slack.com/actions/T1/1/x',
        actions: [action],
      });
    },
    submit(from, values, view = recorder.lastView()) {
      const state: Record<string, Record<string, unknown>> = {};
      for (const block of view.view.blocks) {
        if (block.type !== 'input' || !block.block_id || !block.element) continue;
        const e = block.element;
        const v = values[block.block_id];
        const entry: Record<string, unknown> = { type: e.type };
        switch (e.type) {
          case 'static_select':
          case 'external_select': {
            const chosen = v === undefined ? e.initial_option?.value : String(v);
            entry.selected_option = chosen
              ? { value: chosen, text: { type: 'plain_text', text: chosen } }
              : null;
            break;
          }
          case 'multi_static_select': {
            const chosen =
              v === undefined
                ? (e.initial_options ?? []).map((o) => o.value)
                : ([] as string[]).concat(v as string);
            entry.selected_options = chosen.map((value) => ({ value }));
            break;
          }
          case 'checkboxes': {
            const on = v === undefined ? (e.initial_options ?? []).length > 0 : v === true;
            entry.selected_options = on ? [{ value: 'true' }] : [];
            break;
          }
          case 'datetimepicker':
            entry.selected_date_time = v === undefined ? null : Number(v);
            break;
          default:
            entry.value = v === undefined ? (e.initial_value ?? null) : String(v);
        }
        state[block.block_id] = { [e.action_id ?? 'value']: entry };
      }
      return interact({
        type: 'view_submission',
        team: { id: 'T1', domain: 'test' },
        user: { id: from.id, username: from.name, name: from.name, team_id: 'T1' },
        api_app_id: 'A1',
        token: 'legacy',
        trigger_id: trigger(),
        view: {
          id: view.id,
          team_id: 'T1',
          type: 'modal',
          callback_id: view.view.callback_id,
          private_metadata: view.view.private_metadata ?? '',
          hash: randomUUID(),
          title: view.view.title,
          blocks: view.view.blocks,
          state: { values: state },
        },
        response_urls: [],
      });
    },
    reply(from, message, text, o = {}) {
      actionTs += 1;
      return h.event(
        {
          type: 'message',
          channel: message.channel,
          channel_type: message.channel.startsWith('D') ? 'im' : 'channel',
          user: from.id,
          text,
          ts: `${actionTs}.000200`,
          thread_ts: message.ts,
          event_ts: `${actionTs}.000200`,
        },
        o,
      );
    },
    async incident(title, commands = [], reporter = REPORTER) {
      const desk = actorById(config, 'alice');
      let { incident } = await service.report(
        { title, description: '', service: null, severity: null },
        reporter,
      );
      for (const command of commands) incident = (await service.execute(incident.id, command, desk)).incident;
      await h.settle();
      return incident;
    },
    async close() {
      await bot.stop();
      await http.close();
      await backend.close();
      await recorder.stop();
    },
  };
  return h;
}
