// `npm run bench -- teams [--rates 50,100,200] [--seconds 10] [--processes 1] [--deliver]`: real triage clicks
// (adaptiveCard/action invokes, as Teams sends them for Action.Execute) posted to /api/messages
// of the bot — CloudAdapter, TriageService, PostgreSQL — open-loop at each rate, and in the same
// run the same load against a bare botbuilder bot that only answers the invoke with a fixed card.
// Prints p50/p99/max latency (from the scheduled send time, so a slow server cannot hide its
// queue) and errors. After each rate it checks in the database that every answered click was
// committed. Target: p99 ≤ 25 ms at 200 requests/s with every click fully processed.
//
// Each incident is registered beforehand, then clicked through a whole path by its people:
// classify, prioritise, no on-site, no match, assign (desk) → accept, in scope, resolve (team)
// → confirm (reporter) → close (desk). Clicks of one incident follow each other; many incidents
// are in flight at once. --deliver also runs the outbox delivery (card updates, DMs) in the same
// process, against a local connector, as `--role=all` would. --processes N serves the ITSS bot
// from N web processes sharing the port (bench/teams-server.ts), as `--role=web` scales out.
// IM2.7 matching uses the knowledge base's port, as the composition root wires it.
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { pino } from 'pino';
import { createTeams, mountTeams } from '../adapters/teams/start.js';
import { dropSchema, openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { createHttpServer } from '../src/app/http.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';
import type { TriageConfig } from '../src/core/config.js';
import { EmbeddedDelivery } from '../src/jobs/delivery-queue.js';
import { knowledgeService, reportServices } from '../src/main/compose.js';
import { printTable, summarize } from './stats.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench-tenant';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
}

interface BenchUser {
  id: string;
  name: string;
  aadObjectId?: string;
}

interface Step {
  c: string;
  who: 'desk' | 'team' | 'reporter';
  inputs: Record<string, string>;
}

/** A whole path through the process, every click as the right person. */
const STEPS: Step[] = [
  {
    c: 'classify',
    who: 'desk',
    inputs: { 'classify.nature': 'fault', 'classify.category': 'business_apps.erp' },
  },
  { c: 'prioritise', who: 'desk', inputs: { 'prioritise.impact': '3', 'prioritise.urgency': '3' } },
  { c: 'decide_onsite', who: 'desk', inputs: { 'decide_onsite.needed': 'false' } },
  { c: 'no_match', who: 'desk', inputs: {} },
  { c: 'assign', who: 'desk', inputs: { 'assign.team': 'apps' } },
  { c: 'accept', who: 'team', inputs: {} },
  { c: 'in_scope', who: 'team', inputs: {} },
  {
    c: 'resolve',
    who: 'team',
    inputs: {
      'resolve.code': 'solved',
      'resolve.solution': 'Restarted the ERP job',
      'resolve.tested': 'true',
    },
  },
  { c: 'confirm', who: 'reporter', inputs: {} },
  { c: 'close', who: 'desk', inputs: { 'close.code': 'solved' } },
];

function people(cfg: TriageConfig): Record<Step['who'], BenchUser> {
  const byId = (id: string): BenchUser => {
    const p = cfg.people.find((x) => x.id === id);
    const teamsId = p?.accounts.teams;
    if (!p || !teamsId) throw new Error(`bench: ${id} needs a Teams id in the configuration`);
    return teamsId.startsWith('29:')
      ? { id: teamsId, name: p.name }
      : { id: `29:bench-${id}`, name: p.name, aadObjectId: teamsId };
  };
  return {
    desk: byId('alice'),
    team: byId('fatima'),
    reporter: { id: '29:bench-reporter', name: 'Bench Reporter' },
  };
}

// ---- the load generator (a worker thread, so it never shares an event loop with a server) -----

const LOAD = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

function post(url, body) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, text: String(e) }));
    });
    req.on('error', (e) => resolve({ status: 0, text: String(e) }));
    req.end(body);
  });
}

let seq = 0;
function activity(job, incident) {
  const step = job.steps[incident.step];
  const from = job.users[step.who];
  const personal = step.who === 'reporter';
  const conversation = personal
    ? { id: 'a:bench-' + from.id, conversationType: 'personal', tenantId: job.tenant }
    : { id: job.channel + ';messageid=1', conversationType: 'channel', tenantId: job.tenant };
  return JSON.stringify({
    type: 'invoke', name: 'adaptiveCard/action', id: 'bench-' + job.label + '-' + (++seq),
    channelId: 'msteams', serviceUrl: job.serviceUrl, locale: 'en-US',
    from, recipient: { id: '28:bench-bot', name: 'ITSS' }, conversation, replyToId: '1',
    channelData: { tenant: { id: job.tenant } },
    value: { trigger: 'manual', action: { type: 'Action.Execute', verb: 'itss.do',
      data: Object.assign({ itss: 1, c: step.c, i: incident.id, v: incident.v, p: personal ? 'reporter_card' : 'desk_card' }, step.inputs) } },
  });
}

function good(job, res) {
  if (res.status !== 200) return false;
  if (job.kind === 'bare') return res.text.includes('application/vnd.microsoft.card.adaptive');
  try {
    const body = JSON.parse(res.text);
    return body.statusCode === 200 && body.type === 'application/vnd.microsoft.card.adaptive'
      && !res.text.includes('"style":"attention"');
  } catch { return false; }
}

parentPort.on('message', async (job) => {
  const interval = 1000 / job.rate;
  const total = Math.round(job.rate * job.seconds);
  const ready = [];
  let fresh = 0;
  const latencies = [];
  const errors = {};
  let ok = 0;
  const inflight = new Set();
  const start = performance.now() + 20;
  const fire = (scheduled) => {
    let incident = ready.shift();
    if (!incident) {
      const next = job.pool[fresh++];
      if (!next) { errors['no incident left to click'] = (errors['no incident left to click'] || 0) + 1; return; }
      incident = { id: next, step: 0, v: 1 };
    }
    const body = activity(job, incident);
    const p = post(job.url, body).then((res) => {
      latencies.push(performance.now() - scheduled);
      if (good(job, res)) {
        ok++;
        incident.step++; incident.v++;
        if (incident.step < job.steps.length) ready.push(incident);
      } else {
        const key = res.status + ' ' + res.text.slice(0, 160);
        errors[key] = (errors[key] || 0) + 1;
      }
      inflight.delete(p);
    });
    inflight.add(p);
  };
  for (let k = 0; k < total; ) {
    const now = performance.now();
    while (k < total && start + k * interval <= now) { fire(start + k * interval); k++; }
    const wait = start + k * interval - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, Math.min(wait, 5)));
    else await new Promise((r) => setImmediate(r));
  }
  await Promise.all([...inflight]);
  const elapsed = (performance.now() - start) / 1000;
  parentPort.postMessage({ latencies, errors, ok, sent: total, elapsed, used: fresh });
});
`;

interface LoadJob {
  kind: 'itss' | 'bare';
  label: string;
  url: string;
  serviceUrl: string;
  rate: number;
  seconds: number;
  pool: string[];
  steps: Step[];
  users: Record<Step['who'], BenchUser>;
  channel: string;
  tenant: string;
}

interface LoadResult {
  latencies: number[];
  errors: Record<string, number>;
  ok: number;
  sent: number;
  elapsed: number;
  used: number;
}

/**
 * Runs the load. `busyMs`: how long this (the server's) event loop was busy meanwhile; `cpuMs`:
 * CPU time of the whole process (servers, database client, and the load generator itself).
 */
async function runLoad(
  worker: Worker,
  job: LoadJob,
): Promise<LoadResult & { busyMs: number; cpuMs: number }> {
  const before = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const result = await new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(job);
  });
  const elu = performance.eventLoopUtilization(before);
  const used = process.cpuUsage(cpu);
  return { ...result, busyMs: elu.active, cpuMs: (used.user + used.system) / 1000 };
}

// ---- the two servers -------------------------------------------------------------------------

/** A local Bot Framework connector that answers every call (for --deliver and the install). */
async function fakeConnector(): Promise<{ url: string; server: Server; calls: () => number }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `m-${n}`, conversations: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server, calls: () => n };
}

/** `--processes N`: the ITSS bot as N cluster workers sharing one port (horizontal web scaling). */
async function webProcesses(n: number, schema: string): Promise<{ port: number; stop(): Promise<void> }> {
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./teams-server.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
  });
  const workers = Array.from({ length: n }, () => cluster.fork({ BENCH_SCHEMA: schema }));
  const ports = await Promise.all(
    workers.map(
      (w) => new Promise<number>((resolve) => w.once('message', (m: { port: number }) => resolve(m.port))),
    ),
  );
  return {
    port: ports[0] as number,
    stop: async () => {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.send('stop');
            }),
        ),
      );
    },
  };
}

/** A bot that does nothing but answer the invoke: the floor botbuilder itself sets. */
async function bareBot(): Promise<{ url: string; server: Server }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  class Bare extends ActivityHandler {
    protected override async onAdaptiveCardInvoke() {
      return {
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] },
      };
    }
  }
  const bot = new Bare();
  const app = express();
  app.post('/api/messages', express.json({ limit: '1mb' }), (req, res, next) => {
    adapter.process(req as never, res as never, (ctx) => bot.run(ctx)).catch(next);
  });
  const server = app.listen(0, '127.0.0.1');
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, server };
}

export async function run(args: string[]): Promise<void> {
  const rates = option(args, 'rates', '50,100,200')
    .split(',')
    .map(Number)
    .filter((r) => r > 0);
  const seconds = Number(option(args, 'seconds', '10'));
  const deliver = args.includes('--deliver');
  const processes = Number(option(args, 'processes', '1'));
  if (!(Number.isInteger(processes) && processes >= 1))
    throw new Error('--processes expects a whole number ≥ 1');
  if (!(seconds > 0) || rates.length === 0)
    throw new Error('usage: teams [--rates 50,100,200] [--seconds 10] [--processes 1] [--deliver]');
  const cfg = loadConfig(process.env.ITSS_CONFIG ?? 'config/example.en.yaml');
  const users = people(cfg);
  const schema = `bench_teams_${process.pid}`;
  const db = await openDatabase({ databaseUrl: DATABASE_URL, schema });
  const storage = createStorage(db);
  const service = new TriageService(storage, cfg);
  const log = pino({ level: 'warn' });
  const connector = await fakeConnector();
  const http = createHttpServer({ port: 0, host: '127.0.0.1', health: async () => ({}), log });
  const teams = createTeams(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', local: true },
    // IM2.7 as in production: the knowledge base over the same database (compose.ts).
    {
      service,
      config: cfg,
      storage,
      log,
      knowledge: knowledgeService(db, service),
      reports: reportServices(db, cfg, { now: () => new Date() }).reports,
    },
  );
  mountTeams(http.app, teams);
  const itssServer = await http.listen();
  // Idle keep-alive sockets outlive the pauses between runs (no close/reuse races in the figures).
  itssServer.keepAliveTimeout = 120_000;
  const web = processes > 1 ? await webProcesses(processes, schema) : null;
  const itssPort = web?.port ?? (itssServer.address() as AddressInfo).port;
  const itssUrl = `http://127.0.0.1:${itssPort}/api/messages`;
  const bare = await bareBot();
  const channel = cfg.channels.desk.teams ?? '19:bench-desk@thread.tacv2';
  const worker = new Worker(LOAD, { eval: true });

  // Install in the team once: conversation references, as a real deployment has them.
  await fetch(itssUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'installationUpdate',
      action: 'add',
      id: 'bench-install',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: users.desk,
      recipient: { id: '28:bench-bot', name: 'ITSS' },
      conversation: { id: channel, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: channel }, channel: { id: channel } },
    }),
  });

  const reporter = { id: `teams:${users.reporter.id}`, name: users.reporter.name, roles: [], teams: [] };
  /** `n` registered incidents to click through (8 reporters at a time; not measured). */
  const pool = async (n: number) => {
    const ids: string[] = [];
    const report = async (i: number) => {
      const input = {
        title: `Bench incident ${i}`,
        description: 'ERP batch job fails',
        service: 'ERP',
        severity: null,
      };
      ids.push((await service.report(input, reporter)).incident.id);
    };
    for (let i = 0; i < n; i += 8)
      await Promise.all(Array.from({ length: Math.min(8, n - i) }, (_, k) => report(i + k)));
    return ids;
  };
  const delivery = new EmbeddedDelivery(
    { storage, config: cfg, notifiers: [teams.notifier], clock: { now: () => new Date() } },
    200,
    5,
  );
  // The jobs module's delivery loop, in-process (role all): every 50 ms, one round at a time.
  let draining: Promise<unknown> | null = null;
  const deliveryLoop = deliver
    ? setInterval(() => {
        draining ??= delivery
          .tick()
          .catch((err: unknown) => log.error({ err }, 'bench: delivery failed'))
          .finally(() => {
            draining = null;
          });
      }, 50)
    : null;

  const machine = () =>
    `${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`;
  console.log(`machine: ${machine()} (other work on it shows in both bots' figures)`);
  console.log(
    `teams: adaptiveCard/action invokes, open loop, ${seconds} s per rate, PostgreSQL ${DATABASE_URL}` +
      `${processes > 1 ? `, the ITSS bot in ${processes} web processes` : ''}${deliver ? ', with outbox delivery in-process' : ''}`,
  );
  const job = (kind: LoadJob['kind'], rate: number, ids: string[], secs = seconds): LoadJob => ({
    kind,
    label: `${kind}-${rate}-${secs}`,
    url: kind === 'itss' ? itssUrl : bare.url,
    serviceUrl: connector.url,
    rate,
    seconds: secs,
    pool: ids,
    steps: STEPS,
    users,
    channel,
    tenant: TENANT,
  });
  // Warm-up (JIT, connection pools), not reported.
  await runLoad(worker, job('bare', 50, barePool(50 * 2), 2));
  await runLoad(worker, job('itss', 50, await pool(50 * 2 + 20), 2));

  const rows: Record<string, string | number>[] = [];
  for (const rate of rates) {
    const b = await runLoad(worker, job('bare', rate, barePool(rate * seconds)));
    rows.push(row('bare botbuilder', rate, b));
    // Usually a tenth of these is used; a server that falls behind gets fresh incidents instead
    // of fewer clicks, so an open loop stays open.
    const ids = await pool(Math.ceil(rate * seconds) + 20);
    const r = await runLoad(worker, job('itss', rate, ids));
    const committed = await committedClicks(storage, ids.slice(0, r.used));
    const itss = row(processes > 1 ? `ITSS bot ×${processes}` : 'ITSS bot', rate, r);
    // CPU of other processes is not seen from here: no per-click figures for them.
    if (processes > 1) for (const k of ['loop ms/click', 'cpu ms/click']) delete itss[k];
    rows.push({ ...itss, committed });
  }
  if (deliveryLoop) clearInterval(deliveryLoop);
  await draining;
  await worker.terminate();
  printTable(rows);
  const last = rows.filter((r) => String(r.target).startsWith('ITSS bot')).at(-1);
  if (last)
    console.log(
      `target p99 ≤ 25 ms at 200 requests/s with every click processed: p99 ${Number(last['p99 ms']).toFixed(2)} ms, ` +
        `${last.errors} errors, ${last.committed} of ${last.ok} answered clicks committed`,
    );
  if (deliver) console.log(`delivery: ${connector.calls()} connector calls made during the run`);
  console.log(`machine after the run: ${machine()}`);
  await web?.stop();
  await new Promise<void>((r) => bare.server.close(() => r()));
  await http.close();
  await new Promise<void>((r) => connector.server.close(() => r()));
  await storage.close();
  await dropSchema(DATABASE_URL, schema);
}

/** The bare bot ignores the incident: one click per "incident" keeps the load generator the same. */
const barePool = (n: number): string[] => Array.from({ length: n + 10 }, (_, i) => `bare-${i}`);

function row(
  target: string,
  rate: number,
  r: LoadResult & { busyMs: number; cpuMs: number },
): Record<string, string | number> {
  const s = summarize(r.latencies);
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  for (const [what, n] of Object.entries(r.errors))
    console.log(`  ${target} @${rate}/s error ×${n}: ${what}`);
  return {
    target,
    'rate /s': rate,
    'achieved /s': r.sent / r.elapsed,
    sent: r.sent,
    ok: r.ok,
    errors,
    'p50 ms': s.p50,
    'p99 ms': s.p99,
    'max ms': s.max,
    'loop ms/click': r.busyMs / Math.max(1, r.sent),
    'cpu ms/click': r.cpuMs / Math.max(1, r.sent),
  };
}

/** Clicks the database shows were done: every command bumps the incident's version by one. */
async function committedClicks(storage: ReturnType<typeof createStorage>, ids: string[]): Promise<number> {
  let done = 0;
  for (const id of ids) {
    const incident = await storage.getIncident(id);
    if (incident) done += incident.version - 1;
  }
  return done;
}
