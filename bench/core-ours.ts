// One "ours" round of `npm run bench -- core`, in its own process (the reference, pgbench, is
// one too). The whole bot is composed as `npm start` composes it — Slack module pointed at a
// local Web API recorder, outbox relays, deadline timers and chat delivery running — and
// `clients` concurrent desk sessions drive complete IM2 paths through the use cases, each
// command with an idempotency key and the version its card showed, exactly as a click does.
// The result is one JSON line on stdout.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';
import { readSettings } from '../src/app/env.js';
import { actorById } from '../src/app/identity.js';
import type { TriageService } from '../src/app/triage-service.js';
import type { Command } from '../src/core/commands.js';
import type { TriageConfig } from '../src/core/config.js';
import type { Actor, Incident } from '../src/core/types.js';
import { startApp } from '../src/main/compose.js';
import { MODULES } from '../src/main/modules.js';
import { startHeapProfile, startProfile } from './profile.js';
import { cpuMeter } from './runs.js';
import { type ServerCpuMessage, type ServerCpuWatch, watchServerCpu } from './server-cpu.js';
import { startWebApiProcess } from './slack-web-api.js';
import { summarize } from './stats.js';
import { warmupOver } from './warmup.js';

export interface OursArgs {
  databaseUrl: string;
  clients: number;
  seconds: number;
  configPath: string;
  /** The same load first, unmeasured, for at most this many seconds (bench/core.ts `--warmup`). */
  warmupSeconds?: number;
  /** ... and until this many transitions are done (bench/core.ts `--warmup-transitions`; 0: the seconds only). */
  warmupTransitions?: number;
  /** Set by bench/core.ts, which then answers the watch's IPC messages (serveServerCpu). */
  serverCpuByParent?: boolean;
}

export interface OursResult {
  incidents: number;
  transitions: number;
  elapsedSeconds: number;
  p50: number;
  p99: number;
  /** Outbox rows still pending when the load stopped, and how long they took to go. */
  backlogAtEnd: number;
  drainSeconds: number;
  webApiCalls: number;
  /** This process's CPU time per transition, load and drain together (ms). */
  cpuMsPerTransition: number;
  /** PostgreSQL's CPU time for the bench's database per transition, load and drain (ms). */
  serverCpuMsPerTransition: number | null;
  /**
   * Share of the time this process's event loop was running code (not waiting in epoll), while
   * the load ran and while the outbox drained: near 1, the one thread is what caps the rate.
   */
  eventLoopBusyLoad: number;
  eventLoopBusyDrain: number;
  /** What the warm-up did: transitions, its load's seconds, then the outbox drain's. */
  warmup: WarmupDone;
}

export interface WarmupDone {
  transitions: number;
  loadSeconds: number;
  drainSeconds: number;
}

type Step = [Command, Actor];

/** Three of the flow's paths, taken in turn: desk fix, second line, decline and re-dispatch. */
function paths(cfg: TriageConfig, reporter: Actor): Step[][] {
  const desk = actorById(cfg, 'alice');
  const net = actorById(cfg, 'dana'); // network team (example config)
  const apps = actorById(cfg, 'fatima'); // business applications team
  const triage: Step[] = [
    [{ type: 'classify', nature: 'fault', category: 'network.vpn' }, desk],
    [{ type: 'prioritise', impact: 2, urgency: 2 }, desk],
    [{ type: 'decide_onsite', needed: false }, desk],
  ];
  const close: Step[] = [
    [{ type: 'confirm' }, reporter],
    [{ type: 'close', code: null }, desk],
  ];
  const secondLine = (steps: Step[]): Step[] => [
    ...triage,
    [{ type: 'no_match' }, desk],
    [
      { type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' },
      desk,
    ],
    ...steps,
    ...close,
  ];
  return [
    [
      ...triage,
      [{ type: 'apply_match', matchRef: 'KB-1', solution: 'Restart', code: 'solved' }, desk],
      ...close,
    ],
    secondLine([
      [{ type: 'accept' }, net],
      [{ type: 'in_scope' }, net],
      [{ type: 'resolve', code: 'solved', solution: 'Fixed', tested: true }, net],
    ]),
    secondLine([
      [{ type: 'decline', reason: 'Not ours', suggestedTeam: 'apps' }, net],
      [{ type: 'assign', team: 'apps' }, desk],
      [{ type: 'accept' }, apps],
      [{ type: 'resolve', code: 'workaround', solution: 'Unlock', tested: false }, apps],
    ]),
  ];
}

/** One desk: whole paths, one after another, until `over` says so (checked between incidents). */
async function session(
  service: TriageService,
  all: Step[][],
  reporter: Actor,
  over: () => boolean,
  lat: number[],
) {
  let incidents = 0;
  let transitions = 0;
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    lat.push(performance.now() - start);
    transitions++;
    return result;
  };
  for (let n = 0; !over(); n++) {
    const input = { title: `Bench incident ${n}`, description: 'VPN drops', service: null, severity: null };
    let incident: Incident = (
      await timed(() => service.report(input, reporter, { idempotencyKey: randomUUID() }))
    ).incident;
    for (const [command, actor] of all[n % all.length] ?? []) {
      const opts = { idempotencyKey: randomUUID(), expectedVersion: incident.version };
      incident = (await timed(() => service.execute(incident.id, command, actor, opts))).incident;
    }
    incidents++;
  }
  return { incidents, transitions };
}

/**
 * PostgreSQL's CPU for our database, watched by bench/core.ts when it says so: the watch polls
 * /proc and pg_stat_activity 20 times a second, ~36 ms of CPU per second at load 10 — the
 * bench's work, not the bot's, yet counted here in "CPU ms/transition" (0.06 ms per transition
 * at 600 transitions/s, 0.4 at 100). Started any other way, this process watches itself.
 */
async function serverCpuWatch(databaseUrl: string, byParent: boolean): Promise<ServerCpuWatch> {
  const datname = new URL(databaseUrl).pathname.slice(1);
  const send = process.send?.bind(process);
  // Only when the parent said it serves the watch: another parent would never answer.
  if (!byParent || !send) return watchServerCpu(databaseUrl, datname);
  const reply = <T>(type: string): Promise<T> =>
    new Promise((resolve) => {
      const on = (m: ServerCpuMessage) => {
        if (m?.type !== type) return;
        process.off('message', on);
        resolve(m as T);
      };
      process.on('message', on);
    });
  const started = reply('server-cpu-started');
  send({ type: 'server-cpu-start', databaseUrl, datname } satisfies ServerCpuMessage);
  await started;
  return {
    async stop() {
      const stopped = reply<{ seconds: number | null }>('server-cpu-stopped');
      send({ type: 'server-cpu-stop' } satisfies ServerCpuMessage);
      return (await stopped).seconds;
    },
  };
}

/**
 * The same load first, unmeasured, until `warmupTransitions` are done or `warmupSeconds` have
 * passed (bench/warmup.ts), then the outbox drained. In a fresh process V8 is still compiling the
 * hot code with TurboFan (10–18 % of the process's CPU in perf over a 10 s round), which a bot
 * up for minutes no longer pays, and V8 counts calls, not seconds: this measures the steady
 * state on a loaded machine too. pgbench is given the load's seconds (bench/core.ts).
 */
async function warmUp(
  service: TriageService,
  all: Step[][],
  reporter: Actor,
  args: OursArgs,
): Promise<WarmupDone> {
  const rule = { minTransitions: args.warmupTransitions ?? 0, capSeconds: args.warmupSeconds ?? 0 };
  if (!(rule.capSeconds > 0)) return { transitions: 0, loadSeconds: 0, drainSeconds: 0 };
  // Shared by the sessions: its length is the transitions done so far.
  const lat: number[] = [];
  const started = performance.now();
  const over = () => warmupOver(rule, lat.length, performance.now() - started);
  await Promise.all(Array.from({ length: args.clients }, () => session(service, all, reporter, over, lat)));
  const loadSeconds = (performance.now() - started) / 1000;
  const drained = await drain(args.databaseUrl, 120_000);
  return { transitions: lat.length, loadSeconds, drainSeconds: drained.seconds };
}

/** Counted on a connection of the bench's own, so watching the backlog costs the bot nothing. */
async function drain(databaseUrl: string, timeoutMs: number): Promise<{ backlog: number; seconds: number }> {
  const target = postgresTarget(databaseUrl);
  const sql = postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
  const pending = async () =>
    Number((await sql`select count(*)::int as n from outbox where processed_at is null`)[0]?.n ?? 0);
  try {
    const backlog = await pending();
    const start = performance.now();
    while ((await pending()) > 0 && performance.now() - start < timeoutMs)
      await new Promise((r) => setTimeout(r, 250));
    return { backlog, seconds: (performance.now() - start) / 1000 };
  } finally {
    await sql.end();
  }
}

/**
 * As a load balancer would: no load until /readyz answers 200. The bot warms jieba and the
 * glossary (~0.35 s of CPU, once per process) after its first answer; without this wait that
 * start-up work fell inside the measured window, ~0.1 ms per transition of a 10 s run.
 */
async function ready(port: number, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
    await res?.arrayBuffer();
    if (res?.ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`/readyz did not answer 200 within ${timeoutMs} ms`);
}

async function main(args: OursArgs): Promise<OursResult> {
  // Slack's side in a process of its own: this process does the bot's work and only that.
  const webApi = await startWebApiProcess();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: args.databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    ITSS_CONFIG: args.configPath,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: webApi.url,
    // The recorder is not Slack: its rate limit is not what is being measured here.
    NOTIFY_RATE_PER_SECOND: '10000',
  };
  delete env.REDIS_URL;
  const app = await startApp(readSettings(env), { env, modules: MODULES, log: pino({ level: 'warn' }) });
  try {
    await ready(app.port);
    const reporter: Actor = { id: 'bench-reporter', name: 'Bench', roles: [], teams: [] };
    const all = paths(app.config, reporter);
    const lat: number[] = [];
    const warmup = await warmUp(app.service, all, reporter, args);
    const profile = process.env.BENCH_PROFILE ? await startProfile() : null;
    // BENCH_HEAP: what the load phase allocates (bench/profile.ts), the steadier figure on a busy machine.
    const heap = process.env.BENCH_HEAP ? await startHeapProfile() : null;
    const cpu = cpuMeter();
    const server = await serverCpuWatch(args.databaseUrl, args.serverCpuByParent === true);
    const loopAtStart = performance.eventLoopUtilization();
    const started = performance.now();
    const until = Date.now() + args.seconds * 1000;
    const over = () => Date.now() >= until;
    const done = await Promise.all(
      Array.from({ length: args.clients }, () => session(app.service, all, reporter, over, lat)),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const loopAtLoadEnd = performance.eventLoopUtilization();
    await profile?.(`${process.env.BENCH_PROFILE}-core-${process.pid}.cpuprofile`);
    await heap?.(`${process.env.BENCH_HEAP}-${process.pid}.heapprofile`);
    const drained = await drain(args.databaseUrl, 120_000);
    const loopInDrain = performance.eventLoopUtilization(loopAtLoadEnd);
    const serverSeconds = await server.stop();
    const s = summarize(lat);
    const transitions = done.reduce((a, d) => a + d.transitions, 0);
    return {
      incidents: done.reduce((a, d) => a + d.incidents, 0),
      transitions,
      cpuMsPerTransition: cpu() / transitions,
      serverCpuMsPerTransition: serverSeconds === null ? null : (serverSeconds * 1000) / transitions,
      elapsedSeconds,
      p50: s.p50,
      p99: s.p99,
      backlogAtEnd: drained.backlog,
      drainSeconds: drained.seconds,
      webApiCalls: await webApi.total(),
      eventLoopBusyLoad: performance.eventLoopUtilization(loopAtLoadEnd, loopAtStart).utilization,
      eventLoopBusyDrain: loopInDrain.utilization,
      warmup,
    };
  } finally {
    await app.stop();
    await webApi.close();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as OursArgs).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = 0;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
