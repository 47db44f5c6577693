// `npm run bench -- teams [--rates 200,400] [--seconds 10] [--repeat 3] [--warmup 10] [--processes 1] [--connections 256] [--deliver]
// [--durable] [--tsx] [--settle]`:
// real triage clicks (adaptiveCard/action invokes, as Teams sends them for Action.Execute)
// posted to /api/messages of the ITSS bot — CloudAdapter, TriageService, PostgreSQL — and the
// same load against a bare botbuilder bot that only answers the invoke with a fixed card. Each
// bot runs in a process of its own (bench/teams-server.ts, bench/teams-ref.ts); this process only
// generates the load. Per round and rate: ours, then the reference (interleaved, so both see the
// machine of the moment), each a continuous open loop of `--seconds` s at fixed arrival times,
// latency measured from the scheduled send time (bench/open-loop.ts). Prints each round, then per
// rate the medians over the rounds, the ratio, and the load average before and after. After each
// of our runs it checks in the database that every answered click was committed.
// Targets (issue 15): p99 ≤ 2 × the reference's at 200/s; p99 ≤ 50 ms at 400/s in one process.
// Before the rounds every target, ours and each reference alike, gets `--warmup` s of the same
// open loop at each measured rate, unmeasured (0: none): a production bot is warm — JIT-compiled,
// its pools and PostgreSQL's caches filled — and so must the reference be (docs/teams-speed.md,
// h/teams5: with 100 clicks of warm-up, round 1 was every run's worst). The processes run
// plain JavaScript bundled as `npm start`'s (bench/compiled.ts); `--tsx` runs the TypeScript
// through tsx instead (its keepNames costs ours ~1 %).
// `--settle`: every target makes a full collection before each measured run. Ours has just
// registered the run's incidents (at 400/s, 4,020 reports promoting ~50 MB to its old generation,
// which the bare bots never do), and without it the run's first mark-compact, over a heap of
// ~200 MB, is that set-up's garbage landing in ours' run (19–25 ms in 2026-12-08's runs). Off by
// default: after a forced collection V8 sets its next limit low and ours made two or three short
// mark-compacts at 66–94 MB in the following seconds instead (docs/teams-speed.md, h/teamsgc).
// The sender opens `--connections` keep-alive connections to each target before each run and
// never more (bench/open-loop.ts `openConnections`), as the Slack bench does.
//
// Each incident is registered beforehand, then clicked through a whole path by its people:
// classify, prioritise, no on-site, no match, assign (desk) → accept, in scope, resolve (team)
// → confirm (reporter) → close (desk). Clicks of one incident follow each other; many incidents
// are in flight at once. --durable adds a second reference, the bare bot storing each click in
// PostgreSQL before it answers (bench/teams-ref.ts): the floor for a bot that acknowledges only
// what is durable, beside the target's bare one. --deliver also runs the outbox delivery (card
// updates, DMs) in our process, against a local connector, as `--role=all` would. --processes N serves the ITSS bot
// from N web processes sharing the port, as `--role=web` scales out. BENCH_PROFILE=/tmp/teams
// writes a CPU profile, BENCH_HEAP_PROFILE=/tmp/teams a sampling allocation profile (collected
// objects included; bench/heap-sites.ts sums it per site), of our (first) process per rate of the
// first round (BENCH_HEAP_LIVE=1: only what is still alive at the end; =old: what outlived the
// young generation, see bench/profile.ts). "alloc KB/click" is the V8
// heap allocated per click (GC accounting, open-loop.ts); "gc ms", "gcs" and "gc max ms" are the
// time, number and longest of the process's collections during the run (wall time, so a loaded
// machine lengthens them). BENCH_OURS_FLAGS="--max-semi-space-size=32" starts our process (only)
// with those Node/V8 flags, BENCH_REF_FLAGS the references (bare and durable), so that a flag
// can be compared fairly. "scav /1k clicks": scavenges per 1,000 clicks sent; "promoted
// KB/click": what those scavenges moved into the old generation per click (garbage there waits
// for a mark-compact, whose pause is in the tail); "mc (ms)": mark-compacts and their time;
// "loop delay p99/max ms": a 10 ms timer's lateness during the run (monitorEventLoopDelay); "rss
// MB": the process's resident memory at the run's end.
// BENCH_SYSCALLS=1 adds syscalls per click (all, read, write, writev, epoll_pwait, futex) of
// every thread of the target, counted by `perf stat` on kernel tracepoints (next to no cost to
// the traced process, unlike strace; needs perf and the right to trace). BENCH_STAGES=1 prints,
// per run, where our process's clicks spent their time, stage by stage, for all and for the
// slowest 1 % and 0.1 %, with GC pauses and event-loop stalls laid over them (bench/stages.ts;
// adds overhead).
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import type { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../db/connect.js';
import { loadConfig } from '../src/config/load.js';
import type { TriageConfig } from '../src/core/config.js';
import { compileTargets } from './compiled.js';
import {
  loadAgent,
  type OpenLoopResult,
  openConnections,
  openLoop,
  post,
  startTarget,
  type Target,
  targetExecArgv,
  targetOf,
  type Usage,
} from './open-loop.js';
import { createBenchDatabase, loadAverage, median, wholeOption } from './runs.js';
import type { StageReport } from './stages.js';
import { printTable, summarize } from './stats.js';

const TENANT = 'bench-tenant';
const CARD = 'application/vnd.microsoft.card.adaptive';

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
  {
    c: 'assign',
    who: 'desk',
    inputs: { 'assign.team': 'apps', 'assign.worklog': 'Restarted the ERP client; no change' },
  },
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

interface Clicks {
  url: string;
  /** Sender connections, opened before the run (bench/open-loop.ts `openConnections`). */
  connections: number;
  serviceUrl: string;
  users: Record<Step['who'], BenchUser>;
  channel: string;
  label: string;
}

interface InFlight {
  id: string;
  step: number;
  v: number;
}

let seq = 0;
function activity(job: Clicks, incident: InFlight): string {
  const step = STEPS[incident.step] as Step;
  const from = job.users[step.who];
  const personal = step.who === 'reporter';
  const conversation = personal
    ? { id: `a:bench-${from.id}`, conversationType: 'personal', tenantId: TENANT }
    : { id: `${job.channel};messageid=1`, conversationType: 'channel', tenantId: TENANT };
  return JSON.stringify({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `bench-${job.label}-${++seq}`,
    channelId: 'msteams',
    serviceUrl: job.serviceUrl,
    locale: 'en-US',
    from,
    recipient: { id: '28:bench-bot', name: 'ITSS' },
    conversation,
    replyToId: '1',
    channelData: { tenant: { id: TENANT } },
    value: {
      trigger: 'manual',
      action: {
        type: 'Action.Execute',
        verb: 'itss.do',
        data: {
          itss: 1,
          c: step.c,
          i: incident.id,
          v: incident.v,
          p: personal ? 'reporter_card' : 'desk_card',
          ...step.inputs,
        },
      },
    },
  });
}

/** Null when the answer is a card without an error banner; else what was wrong. */
function verdict(res: { status: number; text: string }, bare: boolean): string | null {
  const wrong = `${res.status} ${res.text.slice(0, 160)}`;
  if (res.status !== 200) return wrong;
  if (bare) return res.text.includes(CARD) ? null : wrong;
  try {
    const body = JSON.parse(res.text) as { statusCode?: number; type?: string };
    const good = body.statusCode === 200 && body.type === CARD && !res.text.includes('"style":"attention"');
    return good ? null : wrong;
  } catch {
    return wrong;
  }
}

/**
 * One open loop of whole paths: each request clicks the next step of an incident whose last
 * click was answered, or starts a fresh one from `pool` (a server that falls behind gets fresh
 * incidents instead of fewer clicks, so the loop stays open). The bare bot ignores the ids.
 */
async function clickThrough(job: Clicks, agent: Agent, rate: number, seconds: number, pool: string[]) {
  const ready: InFlight[] = [];
  let fresh = 0;
  const result = await openLoop(rate, seconds, async () => {
    let incident = ready.shift();
    if (!incident) {
      const id = pool[fresh++];
      if (!id) return 'no incident left to click';
      incident = { id, step: 0, v: 1 };
    }
    const error = verdict(await post(agent, job.url, activity(job, incident)), job.label === 'ref');
    if (!error) {
      incident.step++;
      incident.v++;
      if (incident.step < STEPS.length) ready.push(incident);
    }
    return error;
  });
  return { ...result, used: pool.slice(0, fresh) };
}

/**
 * `work` with the sender's connections to the job's target, opened before it and closed after
 * (bench/open-loop.ts `openConnections`): outside any measurement, so neither side's CPU, GC or
 * profile counts the connections' set-up.
 */
async function withConnections<T>(job: Clicks, work: (agent: Agent) => Promise<T>): Promise<T> {
  const agent = await openConnections(new URL('/livez', job.url).href, job.connections);
  try {
    return await work(agent);
  } finally {
    agent.destroy();
  }
}

/** A local Bot Framework connector answering every call, in a thread of its own (not our loop). */
function fakeConnector(): Promise<{ url: string; calls(): Promise<number>; stop(): Promise<number> }> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    let n = 0;
    const server = require('node:http').createServer((req, res) => {
      req.resume();
      req.on('end', () => { n++; res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'm-' + n, conversations: [] })); });
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => parentPort.postMessage(n));`;
  const worker = new Worker(code, { eval: true });
  const calls = () =>
    new Promise<number>((r) => {
      worker.once('message', r);
      worker.postMessage('calls');
    });
  return new Promise((resolve) =>
    worker.once('message', (port: number) =>
      resolve({
        url: `http://127.0.0.1:${port}/`,
        calls,
        stop: async () => {
          const n = await calls();
          await worker.terminate();
          return n;
        },
      }),
    ),
  );
}

/** Our bot: one child process, or N cluster workers on one port (the first registers incidents). */
async function startOurs(
  file: string,
  processes: number,
  env: Record<string, string>,
  flags: string[],
): Promise<Target[]> {
  if (processes === 1) return [await startTarget(file, env, flags)];
  cluster.setupPrimary({ exec: file, execArgv: targetExecArgv(file, flags) });
  return Promise.all(
    Array.from({ length: processes }, (_, i) =>
      targetOf(cluster.fork({ ...env, BENCH_DELIVER: i === 0 ? (env.BENCH_DELIVER ?? '') : '' })),
    ),
  );
}

interface Options {
  rates: number[];
  seconds: number;
  repeat: number;
  /** Seconds of unmeasured load per rate and target before the rounds (0: none). */
  warmup: number;
  processes: number;
  /** Keep-alive connections the sender opens to each target before a run (0: on demand). */
  connections: number;
  deliver: boolean;
  durable: boolean;
  /** Run the targets' TypeScript through tsx rather than the compiled bundle. */
  tsx: boolean;
  /** A full collection in every target before each measured run (`--settle`). */
  settle: boolean;
}

function parse(args: string[]): Options {
  const rates = option(args, 'rates', '200,400').split(',').map(Number);
  if (rates.some((r) => !(r > 0))) throw new Error('--rates expects positive numbers: --rates 200,400');
  return {
    rates,
    seconds: wholeOption(args, 'seconds', 10),
    repeat: wholeOption(args, 'repeat', 3),
    warmup: wholeOption(args, 'warmup', 10, 0),
    processes: wholeOption(args, 'processes', 1),
    connections: wholeOption(args, 'connections', 256, 0),
    deliver: args.includes('--deliver'),
    durable: args.includes('--durable'),
    tsx: args.includes('--tsx'),
    settle: args.includes('--settle'),
  };
}

type TargetFiles = Record<'teams-server' | 'teams-ref', string>;

/** The servers' entry files: bundled JavaScript (bench/compiled.ts), or the sources with --tsx. */
function targetFiles(tsx: boolean): { files: TargetFiles; remove(): void } {
  if (!tsx) {
    const built = compileTargets(['teams-server', 'teams-ref']);
    return { files: built.files as TargetFiles, remove: built.remove };
  }
  const source = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  return { files: { 'teams-server': source('teams-server'), 'teams-ref': source('teams-ref') }, remove() {} };
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const cfg = loadConfig(process.env.ITSS_CONFIG ?? 'config/example.en.yaml');
  const users = people(cfg);
  const database = await createBenchDatabase('bench_teams');
  // Migrated once here, so N web processes do not race to migrate it.
  await (await openDatabase({ databaseUrl: database.url })).close();
  const connector = await fakeConnector();
  const closers: (() => Promise<unknown>)[] = [database.drop, connector.stop];
  try {
    const env = { BENCH_DATABASE_URL: database.url, BENCH_DELIVER: o.deliver ? '1' : '' };
    // BENCH_OURS_FLAGS: Node/V8 flags for our process only (the references keep the defaults).
    const flags = (process.env.BENCH_OURS_FLAGS ?? '').split(' ').filter(Boolean);
    const { files, remove } = targetFiles(o.tsx);
    closers.push(async () => remove());
    const ours = await startOurs(files['teams-server'], o.processes, env, flags);
    closers.push(() => Promise.all(ours.map((t) => t.stop())));
    const refFile = files['teams-ref'];
    // BENCH_REF_FLAGS: the same for the references (bare and durable), to compare a flag fairly.
    const refFlags = (process.env.BENCH_REF_FLAGS ?? '').split(' ').filter(Boolean);
    const refs = [await startTarget(refFile, {}, refFlags)];
    closers.push(() => Promise.all(refs.map((r) => r.stop())));
    if (o.durable) {
      const store = await createBenchDatabase('bench_teams_durable');
      closers.push(store.drop);
      refs.push(await startTarget(refFile, { BENCH_DURABLE_URL: store.url }, refFlags));
    }
    await bench(o, cfg, users, ours, refs, connector);
  } finally {
    for (const close of closers.reverse()) await close().catch((err: unknown) => console.error(err));
  }
}

type Row = Record<string, string | number>;

async function bench(
  o: Options,
  cfg: TriageConfig,
  users: Record<Step['who'], BenchUser>,
  ours: Target[],
  refs: Target[],
  connector: { url: string; calls(): Promise<number> },
): Promise<void> {
  const first = ours[0] as Target;
  const channel = cfg.channels.desk.teams ?? '19:bench-desk@thread.tacv2';
  const clicks = (target: Target, label: string): Clicks => ({
    url: `http://127.0.0.1:${target.port}/api/messages`,
    serviceUrl: connector.url,
    users,
    channel,
    label,
    connections: o.connections,
  });
  await install(clicks(first, 'ours'), users);
  const reporter = { id: `teams:${users.reporter.id}`, name: users.reporter.name, roles: [], teams: [] };
  const prepare = (n: number) => first.ask<string[]>('prepare', { n, reporter });
  console.log(
    `teams: adaptiveCard/action invokes, continuous open loop, ${o.seconds} s per run, rates ${o.rates.join(', ')}/s, ` +
      `${o.repeat} rounds (ours, reference, interleaved) after ${o.warmup} s per rate and target unmeasured; ` +
      `ours in ${o.processes} process${o.processes > 1 ? 'es' : ''}${o.deliver ? ' with outbox delivery' : ''}; ` +
      `${o.tsx ? 'TypeScript through tsx' : 'compiled JavaScript'}; ${cpus().length} CPUs; load average before ${loadAverage()}`,
  );
  const unmeasured = (job: Clicks, rate: number, s: number, pool: string[]) =>
    withConnections(job, (agent) => clickThrough(job, agent, rate, s, pool));
  await warmUp(o.rates, o.warmup, [
    {
      label: 'ours',
      run: async (rate, s) => unmeasured(clicks(first, 'ours'), rate, s, await prepare(rate * s + 20)),
    },
    ...refs.map((ref) => ({
      label: 'ref',
      run: (rate: number, s: number) => unmeasured(clicks(ref, 'ref'), rate, s, barePool(rate * s)),
    })),
  ]);
  console.log(`warm-up done; load average ${loadAverage()}`);

  const rows: Row[] = [];
  // A measured run of `targets`: the connections opened first, outside the measurement.
  const run = (targets: Target[], job: Clicks, rate: number, pool: string[]) =>
    withConnections(job, (agent) =>
      measured(targets, () => clickThrough(job, agent, rate, o.seconds, pool), o.settle),
    );
  for (let round = 1; round <= o.repeat; round++) {
    for (const rate of o.rates) {
      // Usually a tenth of these is used; the rest is there for a server that falls behind.
      const ids = await prepare(Math.ceil(rate * o.seconds) + 20);
      const oursRun = async () => {
        const profile = round === 1 && process.env.BENCH_PROFILE;
        const heap = round === 1 && process.env.BENCH_HEAP_PROFILE;
        if (profile) await first.ask('profileStart');
        if (heap) await first.ask('heapProfileStart');
        const stages = process.env.BENCH_STAGES;
        if (stages) await first.ask('stagesStart');
        const mine = await run(ours, clicks(first, 'ours'), rate, ids);
        if (profile) await first.ask('profileStop', `${profile}.${rate}.cpuprofile`);
        if (heap) await first.ask('heapProfileStop', `${heap}.${rate}.heapprofile`);
        if (stages) printStages(round, rate, await first.ask<StageReport>('stagesStop'));
        const committed = await first.ask<number>('committed', mine.result.used);
        rows.push(row(round, rate, 'ITSS bot', mine, o.processes, committed));
      };
      const refRuns = refs.map((ref, i) => async () => {
        const storedBefore = await ref.ask<number | null>('stored');
        const theirs = await run([ref], clicks(ref, 'ref'), rate, barePool(rate * o.seconds));
        const stored = storedBefore === null ? null : (await ref.ask<number>('stored')) - storedBefore;
        rows.push(row(round, rate, i === 0 ? 'bare botbuilder' : 'durable botbuilder', theirs, 1, stored));
      });
      // Ours first in odd rounds, the references first in even ones: no side always runs right
      // after the incidents' bulk registration, or always after the other's load.
      for (const step of roundOrder(round, oursRun, refRuns)) await step();
    }
  }
  printTable(rows);
  printTable(summary(o.rates, rows));
  if (o.deliver) console.log(`delivery: ${await connector.calls()} connector calls made during the run`);
  console.log(`load average after ${loadAverage()} (the figures are only as quiet as the machine was)`);
}

/** The order of a round's runs: ours first in odd rounds, the references first in even ones. */
export function roundOrder<T>(round: number, ours: T, refs: readonly T[]): T[] {
  return round % 2 === 1 ? [ours, ...refs] : [...refs, ours];
}

/** A bench target's unmeasured load: `run(rate, seconds)`. */
export interface WarmupTarget {
  label: string;
  run(rate: number, seconds: number): Promise<unknown>;
}

/**
 * The warm-up: every target the same `seconds` of open loop at each measured rate, interleaved
 * as the rounds are (rate by rate, ours then each reference), so that no side meets the first
 * round colder than the other. Nothing with 0 seconds.
 */
export async function warmUp(
  rates: readonly number[],
  seconds: number,
  targets: readonly WarmupTarget[],
): Promise<void> {
  if (seconds === 0) return;
  for (const rate of rates) for (const target of targets) await target.run(rate, seconds);
}

/** BENCH_STAGES: our process's click stages, mean ms per group of clicks, with its GC and loop. */
function printStages(round: number, rate: number, r: StageReport): void {
  const d = r.loopDelayMs;
  console.log(
    `stages, round ${round} @${rate}/s: ${r.clicks} clicks; loop delay p50 ${d.p50.toFixed(1)} p99 ${d.p99.toFixed(1)} ` +
      `max ${d.max.toFixed(1)} ms; GC ${r.gc.count} pauses, ${r.gc.totalMs.toFixed(0)} ms in all, max ` +
      `${r.gc.maxMs.toFixed(1)} ms, ${r.gc.over5ms} over 5 ms (${r.gc.byKind}); load ${loadAverage()}`,
  );
  printTable(Object.entries(r.groups).map(([group, row]) => ({ group, ...row })));
}

/** Installs the bot in the desk's team: conversation references, as a real deployment has them. */
async function install(job: Clicks, users: Record<Step['who'], BenchUser>): Promise<void> {
  const agent = loadAgent();
  const res = await post(
    agent,
    job.url,
    JSON.stringify({
      type: 'installationUpdate',
      action: 'add',
      id: 'bench-install',
      channelId: 'msteams',
      serviceUrl: job.serviceUrl,
      from: users.desk,
      recipient: { id: '28:bench-bot', name: 'ITSS' },
      conversation: { id: job.channel, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: job.channel }, channel: { id: job.channel } },
    }),
  );
  agent.destroy();
  if (res.status >= 300) throw new Error(`bench: installing the bot failed: ${res.status} ${res.text}`);
}

type Run = OpenLoopResult & { used: string[] };

/** Syscalls counted by `perf stat` (BENCH_SYSCALLS=1): all, and the ones a click makes. */
const SYSCALLS = ['raw_syscalls:sys_enter', 'read', 'write', 'writev', 'epoll_pwait', 'futex'];

/**
 * BENCH_SYSCALLS=1: counts the target processes' syscalls (every thread) with `perf stat` on
 * kernel tracepoints, which costs the traced process next to nothing (unlike strace). Returns a
 * stop function resolving with the counts by syscall, or null without perf.
 */
async function countSyscalls(targets: Target[]): Promise<(() => Promise<Record<string, number>>) | null> {
  if (!process.env.BENCH_SYSCALLS) return null;
  const pids = await Promise.all(targets.map((t) => t.ask<number>('pid')));
  const events = SYSCALLS.map((s) => (s.includes(':') ? s : `syscalls:sys_enter_${s}`));
  const perf = spawn('perf', ['stat', '-x', ',', '-e', events.join(','), '-p', pids.join(',')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  perf.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  await new Promise((r) => setTimeout(r, 300)); // perf attached
  return () =>
    new Promise((resolve) => {
      perf.once('close', () => {
        const counts: Record<string, number> = {};
        for (const line of out.split('\n')) {
          const [n, , event] = line.split(',');
          const name = event?.replace(/^syscalls:sys_enter_|^raw_syscalls:sys_enter$/, '') || 'all';
          if (event && n !== undefined) counts[name] = Number(n);
        }
        resolve(counts);
      });
      perf.kill('SIGINT');
    });
}

/** A run, with the CPU and event-loop time the target's processes spent on it. */
async function measured(targets: Target[], load: () => Promise<Run>, settle: boolean) {
  if (settle) await Promise.all(targets.map((t) => t.ask('settle')));
  const syscalls = await countSyscalls(targets);
  const before = await Promise.all(targets.map((t) => t.ask<Usage>('usage')));
  const result = await load();
  const after = await Promise.all(targets.map((t) => t.ask<Usage>('usage')));
  const calls = syscalls ? await syscalls() : null;
  const sum = (f: (u: Usage, i: number) => number) => after.reduce((a, u, i) => a + f(u, i), 0);
  const b = (i: number) => before[i] as Usage;
  const cpuMs = sum((u, i) => u.cpuMs - b(i).cpuMs);
  const activeMs = sum((u, i) => u.activeMs - b(i).activeMs);
  const idleMs = sum((u, i) => u.idleMs - b(i).idleMs);
  const allocated = sum((u, i) => u.allocated - b(i).allocated);
  return {
    result,
    cpuMs,
    allocated,
    gcMs: sum((u, i) => u.gcMs - b(i).gcMs),
    gcCount: sum((u, i) => u.gcCount - b(i).gcCount),
    gcMaxMs: Math.max(...after.map((u) => u.gcMaxMs)),
    scavenges: sum((u, i) => u.scavenges - b(i).scavenges),
    markCompacts: sum((u, i) => u.markCompacts - b(i).markCompacts),
    markCompactMs: sum((u, i) => u.markCompactMs - b(i).markCompactMs),
    promoted: sum((u, i) => u.promoted - b(i).promoted),
    loopDelayP99Ms: Math.max(...after.map((u) => u.loopDelayP99Ms)),
    loopDelayMaxMs: Math.max(...after.map((u) => u.loopDelayMaxMs)),
    rssMb: sum((u) => u.rss) / 1048576,
    calls,
    busy: activeMs / Math.max(1, activeMs + idleMs),
    load1: loadavg()[0] ?? 0,
  };
}

/** The bare bot ignores the incident: one click per "incident" keeps the load generator the same. */
const barePool = (n: number): string[] => Array.from({ length: n + 10 }, (_, i) => `bare-${i}`);

function row(
  round: number,
  rate: number,
  target: string,
  m: Awaited<ReturnType<typeof measured>>,
  processes: number,
  committed: number | null,
): Row {
  const r = m.result;
  const s = summarize(r.samples.map((x) => x.latency));
  const errors = new Map<string, number>();
  for (const x of r.samples) if (x.error) errors.set(x.error, (errors.get(x.error) ?? 0) + 1);
  for (const [what, n] of errors) console.log(`  round ${round} ${target} @${rate}/s error ×${n}: ${what}`);
  const ok = r.samples.length - [...errors.values()].reduce((a, b) => a + b, 0);
  return {
    round,
    target: processes > 1 ? `${target} ×${processes}` : target,
    'rate /s': rate,
    'achieved /s': r.sent / r.elapsed,
    ok,
    errors: r.samples.length - ok,
    'p50 ms': s.p50,
    'p99 ms': s.p99,
    'max ms': s.max,
    'cpu ms/click': m.cpuMs / Math.max(1, r.sent),
    'alloc KB/click': m.allocated / 1024 / Math.max(1, r.sent),
    'gc ms': m.gcMs,
    gcs: m.gcCount,
    'gc max ms': m.gcMaxMs,
    'scav /1k clicks': (m.scavenges * 1000) / Math.max(1, r.sent),
    'promoted KB/click': m.promoted / 1024 / Math.max(1, r.sent),
    'mc (ms)': `${m.markCompacts} (${m.markCompactMs.toFixed(1)})`,
    'loop delay p99/max ms': `${m.loopDelayP99Ms.toFixed(1)}/${m.loopDelayMaxMs.toFixed(1)}`,
    'rss MB': m.rssMb,
    ...(m.calls ? syscallColumns(m.calls, r.sent) : {}),
    'loop busy': `${Math.round(m.busy * 100)}%`,
    'send lag max ms': r.sendLagMax,
    committed: committed === null ? '-' : `${committed}/${ok}`,
    load1: m.load1,
  };
}

/** BENCH_SYSCALLS: per click sent, all syscalls and those of `SYSCALLS`. */
function syscallColumns(calls: Record<string, number>, sent: number): Row {
  const per = (n: number | undefined) => (n ?? 0) / Math.max(1, sent);
  return Object.fromEntries(
    SYSCALLS.map((s) => (s.includes(':') ? 'all' : s)).map((s) => [`${s} /click`, per(calls[s])]),
  );
}

/** With --durable: the bare bot that stores each click before answering, and ours against it. */
function durableSummary(of: (target: string, k: string) => number[], ours: number[]): Row {
  const durable = of('durable', 'p99 ms');
  if (durable.length === 0) return {};
  return {
    'durable p99 ms': median(durable),
    'p99 ratio to durable': median(ours) / median(durable),
    'durable cpu ms/click': median(of('durable', 'cpu ms/click')),
  };
}

/** Per rate: medians over the rounds, the ratio of the medians and the median of round ratios. */
function summary(rates: number[], rows: Row[]): Row[] {
  return rates.map((rate) => {
    const of = (target: string, k: string) =>
      rows
        .filter((r) => r['rate /s'] === rate && String(r.target).startsWith(target))
        .map((r) => Number(r[k]));
    const ours = of('ITSS', 'p99 ms');
    const ref = of('bare', 'p99 ms');
    const ratios = ours.map((p, i) => p / (ref[i] as number));
    return {
      'rate /s': rate,
      'ours p50 ms': median(of('ITSS', 'p50 ms')),
      'ours p99 ms': median(ours),
      'bare p50 ms': median(of('bare', 'p50 ms')),
      'bare p99 ms': median(ref),
      'p99 ratio (of medians)': median(ours) / median(ref),
      'median round ratio': median(ratios),
      'ours cpu ms/click': median(of('ITSS', 'cpu ms/click')),
      'bare cpu ms/click': median(of('bare', 'cpu ms/click')),
      'ours alloc KB/click': median(of('ITSS', 'alloc KB/click')),
      'bare alloc KB/click': median(of('bare', 'alloc KB/click')),
      ...durableSummary(of, ours),
      'load1 (median)': median(rows.filter((r) => r['rate /s'] === rate).map((r) => Number(r.load1))),
    };
  });
}
