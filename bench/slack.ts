// `npm run bench -- slack [--rates 50,100,200,400] [--seconds 5] [--delivery]`
//
// Signed block_actions requests — real IM2.1 triage clicks (the category select on the desk
// card, built from the card the bot renders), each classifying a different incident — sent
// open-loop at fixed rates to POST /slack/events of the real app (our HTTP server, the Slack
// module, PostgreSQL at DATABASE_URL in a schema of its own). Latency is measured from the
// planned send time to the HTTP answer (the ack), so a slow server cannot slow the sender down
// and hide its own delay. The same requests go, in the same run, to a bare Bolt app whose one
// listener only acks: the reference for what Bolt itself costs on this machine.
//
// The load generator runs in a worker thread (its own event loop); the app and the Web API
// stand-in share this process. Outbox delivery (cards re-rendered, reporters told) belongs to
// the worker role; `--delivery` runs it in this process too, as the single-process deployment
// does, and then "fully processed" also means every card and DM of every click was sent. BENCH_PROFILE=/tmp/slack writes a CPU profile of the app while
// our clicks run (one file per rate). After each rate the bench waits until every click has changed its
// incident and the outbox is empty, and reports how many did.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { pino } from 'pino';
import { startSlack } from '../adapters/slack/start.js';
import { dropSchema, openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import type { AppContext } from '../src/app/app-module.js';
import { PURPOSE } from '../src/app/card-places.js';
import { fixedConfig } from '../src/app/config-holder.js';
import { readSettings } from '../src/app/env.js';
import { createHttpServer, healthChecks } from '../src/app/http.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';
import type { Actor, Incident } from '../src/core/types.js';
import { EmbeddedDelivery } from '../src/jobs/delivery-queue.js';
import { knowledgeService, reportServices } from '../src/main/compose.js';
import { startProfile } from './profile.js';
import { startWebApi } from './slack-web-api.js';
import { printTable, summarize } from './stats.js';

const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';

interface Options {
  rates: number[];
  seconds: number;
  delivery: boolean;
  databaseUrl: string;
}

function parseArgs(args: string[]): Options {
  const value = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const rates = (value('--rates') ?? '50,100,200,400').split(',').map(Number);
  const seconds = Number(value('--seconds') ?? 5);
  if (rates.some((r) => !(r > 0)) || !(seconds > 0))
    throw new Error('--rates r1,r2,… and --seconds n must be positive');
  return {
    rates,
    seconds,
    delivery: args.includes('--delivery'),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}

export async function run(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  // Everything started is stopped again, in reverse order, whatever fails on the way.
  const closers: (() => Promise<unknown>)[] = [];
  try {
    await bench(opts, closers);
  } finally {
    for (const close of closers.reverse()) await close().catch((err: unknown) => console.error(err));
  }
}

async function bench(opts: Options, closers: (() => Promise<unknown>)[]): Promise<void> {
  const api = await startWebApi();
  closers.push(api.close);
  const schema = `bench_slack_${randomUUID().slice(0, 8)}`;
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, schema });
  const storage = createStorage(db);
  closers.push(
    () => dropSchema(opts.databaseUrl, schema),
    () => storage.close(),
  );
  const config = loadConfig('config/example.en.yaml');
  const log = pino({ level: 'warn' });
  const http = createHttpServer({ port: 0, host: '127.0.0.1', health: healthChecks({}), log });
  const clock = { now: () => new Date() };
  const service = new TriageService(storage, config, clock);
  const ctx: AppContext = {
    settings: readSettings({}),
    env: {},
    config,
    configs: fixedConfig(config),
    storage,
    service,
    knowledge: knowledgeService(db, service),
    ...reportServices(db, config, clock),
    http,
    log,
    clock,
    notifiers: [],
    directories: [],
  };
  const { bot } = await startSlack(
    ctx,
    { botToken: TOKEN, signingSecret: SECRET, appToken: null, apiUrl: api.url },
    { clientOptions: { retryConfig: { retries: 0 } } },
  );
  closers.push(() => bot.stop());
  const server = await http.listen();
  closers.push(() => http.close());
  const ours = (server.address() as AddressInfo).port;
  const bare = await startBareBolt();
  closers.push(bare.close);
  // The jobs module's embedded delivery (the product's loop), as `--role=all` runs it.
  const delivery = new EmbeddedDelivery({ storage, config, notifiers: ctx.notifiers, clock }, 200, 5);
  const agent = config.people.find((p) => p.roles.includes('agent') && p.accounts.slack);
  const category = config.categories.find((c) => c.parent !== null) ?? config.categories[0];
  const nature = config.natures[0];
  if (!agent?.accounts.slack || !category || !nature)
    throw new Error('config/example.en.yaml lacks an agent, category or nature');
  const reporter: Actor = { id: 'slack:UBENCHREP', name: 'Bench Reporter', roles: [], teams: [] };

  const load1 = () => loadavg()[0]?.toFixed(1) ?? '?';
  console.log(
    `slack bench: rates ${opts.rates.join(', ')} requests/s, ${opts.seconds} s each; ` +
      `${cpus().length} CPUs, load average ${load1()}; PostgreSQL schema ${schema}; outbox delivery ` +
      (opts.delivery ? 'in this process' : 'left to the worker role (--delivery to run it here)'),
  );
  const rows: Record<string, string | number>[] = [];
  /**
   * One rate on fresh incidents. The reference and ours take turns in one-second slices, so a
   * machine shared with other work disturbs both alike; the main thread's event-loop use and
   * delay are shown for ours.
   */
  const measure = async (rate: number, seconds: number, show: boolean) => {
    const count = Math.round(rate * seconds);
    const incidents = await prepare(count, service, reporter, delivery);
    const bodies = incidents.map(async (incident) =>
      click(await deskCard(bot, incident), agent.accounts.slack ?? '', nature.id, category.id),
    );
    const requests = await Promise.all(bodies);
    const signedSlice = (from: number) =>
      requests.slice(from, from + rate).map((body) => ({ body, headers: signed(body) }));
    const stopDelivery = opts.delivery ? deliverLoop(delivery) : async () => {};
    const profile = show && process.env.BENCH_PROFILE ? await startProfile() : null;
    const ref: Result[] = [];
    const mine: Result[] = [];
    const loop = { busy: 0, delay: 0 };
    for (let at = 0; at < requests.length; at += rate) {
      ref.push(...(await load(bare.port, rate, signedSlice(at))));
      const elu0 = performance.eventLoopUtilization();
      const delay = monitorEventLoopDelay({ resolution: 1 });
      delay.enable();
      mine.push(...(await load(ours, rate, signedSlice(at))));
      delay.disable();
      loop.busy = Math.max(loop.busy, performance.eventLoopUtilization(elu0).utilization);
      loop.delay = Math.max(loop.delay, delay.percentile(99) / 1e6);
      await bot.settled();
    }
    await profile?.(`${process.env.BENCH_PROFILE}.${rate}.cpuprofile`);
    await stopDelivery();
    if (opts.delivery) while (await delivery.tick());
    const changed = await countClassified(storage, incidents);
    const refused = api.count('chat.postEphemeral');
    api.reset();
    if (!show) return;
    rows.push(row('bare Bolt (ack only)', rate, ref, '-', null));
    const processed = `${changed}/${count}${refused ? ` (${refused} refused)` : ''}`;
    rows.push(row('ITSS bot', rate, mine, processed, loop));
  };
  try {
    // Warm-up (JIT, connection pools, prepared statements): not shown.
    await measure(opts.rates[0] ?? 50, 2, false);
    for (const rate of opts.rates) await measure(rate, opts.seconds, true);
  } finally {
    printTable(rows);
    console.log(`load average at the end: ${load1()} (the figures are only as quiet as the machine was)`);
  }
}

interface Result {
  status: number;
  latency: number;
}

function row(
  target: string,
  rate: number,
  results: Result[],
  processed: string,
  loop: { busy: number; delay: number } | null,
) {
  const ok = results.filter((r) => r.status === 200);
  const s = summarize(ok.map((r) => r.latency));
  return {
    target,
    'rate/s': rate,
    sent: results.length,
    errors: results.length - ok.length,
    'p50 ms': round(s.p50),
    'p99 ms': round(s.p99),
    'max ms': round(s.max),
    'clicks fully processed': processed,
    'loop busy (max)': loop ? `${Math.round(loop.busy * 100)}%` : '',
    'loop delay p99 ms': loop ? round(loop.delay) : '',
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Registered incidents with their desk cards posted (people click on cards that exist). */
async function prepare(count: number, service: TriageService, reporter: Actor, delivery: EmbeddedDelivery) {
  const incidents: Incident[] = [];
  for (let i = 0; i < count; i += 16) {
    const batch = Array.from({ length: Math.min(16, count - i) }, (_, j) =>
      service.report(
        { title: `Bench incident ${i + j}`, description: 'Printer offline', service: null, severity: 3 },
        reporter,
      ),
    );
    for (const r of await Promise.all(batch)) incidents.push(r.incident);
  }
  while (await delivery.tick());
  return incidents;
}

async function deskCard(bot: Awaited<ReturnType<typeof startSlack>>['bot'], incident: Incident) {
  const card = await bot.notifier.cardFor(PURPOSE.desk, incident);
  if (!card) throw new Error('no desk card');
  return { ts: '1781000000.000100', blocks: card.blocks };
}

/** The category select of the card's IM2.1 block, the nature chosen before (state.values). */
function click(
  card: { ts: string; blocks: unknown[] },
  userId: string,
  nature: string,
  category: string,
): string {
  const blocks = card.blocks as {
    type: string;
    block_id?: string;
    elements?: { action_id?: string; type: string }[];
  }[];
  const block = blocks.find((b) => b.block_id?.startsWith('itss:sel:classify:'));
  const select = block?.elements?.find((e) => e.action_id === 'itss:sel:category');
  if (!block?.block_id || !select) throw new Error('the card has no category select');
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: 'agent', name: 'agent', team_id: 'T1' },
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'bench' },
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 6)}`,
    container: { type: 'message', message_ts: card.ts, channel_id: 'CDESK', is_ephemeral: false },
    channel: { id: 'CDESK', name: 'desk' },
    message: { type: 'message', ts: card.ts, blocks: card.blocks },
    state: {
      values: {
        [block.block_id]: {
          'itss:sel:nature': { type: 'static_select', selected_option: { value: nature } },
          'itss:sel:category': { type: select.type, selected_option: { value: category } },
        },
      },
    },
    actions: [
      {
        type: select.type,
        action_id: select.action_id,
        block_id: block.block_id,
        selected_option: { value: category },
        action_ts: nextActionTs(),
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

let actionCounter = 0;
/** Slack's action_ts: seconds with microseconds, different for every click. */
function nextActionTs(): string {
  actionCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(actionCounter).padStart(6, '0')}`;
}

function signed(body: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${sig}`,
  };
}

async function countClassified(
  storage: ReturnType<typeof createStorage>,
  incidents: Incident[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < incidents.length; i += 50) {
    const batch = await Promise.all(incidents.slice(i, i + 50).map((x) => storage.getIncident(x.id)));
    n += batch.filter((x) => x?.status === 'classified').length;
  }
  return n;
}

/** Delivers the outbox continuously, as the embedded delivery loop does. */
function deliverLoop(delivery: EmbeddedDelivery): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      if (!(await delivery.tick())) await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

// ---- open-loop load generator (worker thread) ------------------------------------------------

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, rate, requests } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const results = new Array(requests.length);
let done = 0;
const t0 = performance.now() + 50;
const planned = (i) => t0 + (i * 1000) / rate;
function finish(i, status) {
  results[i] = { status, latency: performance.now() - planned(i) };
  if (++done === requests.length) { agent.destroy(); parentPort.postMessage(results); }
}
function fire(i) {
  const { body, headers } = requests[i];
  const req = http.request(
    { host: '127.0.0.1', port, path: '/slack/events', method: 'POST', agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => finish(i, res.statusCode)); },
  );
  req.on('error', () => finish(i, 0));
  req.end(body);
}
let next = 0;
function tick() {
  const now = performance.now();
  while (next < requests.length && planned(next) <= now) fire(next++);
  if (next >= requests.length) return;
  const wait = planned(next) - performance.now();
  if (wait > 2) setTimeout(tick, wait - 1.5); else setImmediate(tick);
}
tick();
`;

function load(port: number, rate: number, requests: { body: string; headers: Record<string, string> }[]) {
  return new Promise<Result[]>((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { port, rate, requests } });
    worker.once('message', (results: Result[]) => {
      void worker.terminate();
      resolve(results);
    });
    worker.once('error', reject);
  });
}

// ---- the reference and the Web API stand-in ----------------------------------------------------

async function startBareBolt(): Promise<{ port: number; close(): Promise<void> }> {
  const app = express();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, app });
  const bolt = new App({ token: TOKEN, botId: 'BBENCH', botUserId: 'UBENCH', receiver, convoStore: false });
  bolt.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = await listen(createServer(app));
  return { port: (server.address() as AddressInfo).port, close: () => close(server) };
}

/** Answers every Web API call like Slack would, quickly; counts calls by method. */
function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
