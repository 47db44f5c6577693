// `npm run bench -- slack [--rates 200,1500] [--seconds 5] [--repeat 3] [--delivery]`
//
// Signed block_actions requests — real IM2.1 triage clicks (the category select on the desk
// card, built from the card the bot renders), each classifying a different incident — sent to
// POST /slack/events in a continuous open loop (bench/open-loop.ts: fixed arrival times, latency
// from the planned send time, so a slow server cannot slow the sender down and hide its queue).
//
// Ours (bench/slack-ours.ts: our HTTP server, the Slack module with its durable acknowledgement,
// PostgreSQL in a database of this run's own) and the reference (bench/slack-bare.ts: bare Bolt,
// a listener that only acks) each run in a process of their own and take turns on the same
// requests: for every round and rate, one then the other, the order alternating between rounds,
// so a machine shared with other work disturbs both alike. The summary gives the medians of the
// rounds and the same-round ratio; the load average is printed before and after, and per round.
// After each of our runs the bench waits until every click's work is done and counts the
// incidents it changed. `--delivery` also delivers the outbox in our process (`--role=all`).
// `--ours single,split` measures ours as one process (`single`, the default: `--role=all`) and/or
// as a web and a worker process on one database (`split`: the web process acknowledges and hands
// the clicks off, the worker runs them; the CPU shown is both processes', the loop the web's).
// `web` measures the acknowledging web process alone: its worker is paused (SIGSTOP) while the
// clicks arrive, standing for workers on machines of their own, and resumed afterwards; the run
// ends when it has drained the inbox, and the table shows how fast it did (`worker drain/s`).
// The sender keeps `--connections N` (256) connections to each side, opened before each run
// (0: opened on demand, up to 1,024; see `connect`). BENCH_SLACK_TRACE=1 prints, per run, what
// else happened: GC pauses, PostgreSQL background work, listen-queue overflows (bench/slack-trace.ts).
// Each variant of ours has a database of its own. `--worker-nice N` runs that worker at nice N,
// as if it had CPUs of its own (a web process is then not kept waiting by the worker's commands).
// `--sender c` sends from bench/open-loop-sender.c (built with cc) instead of this process, so the
// load generator takes little of the CPUs it shares with the servers (bench/c-sender.ts).
// BENCH_PROFILE=/tmp/slack writes a CPU profile of our process per measured run
// (/tmp/slack.<rate>.r<round>.cpuprofile), and of bare Bolt's (/tmp/slack.bare.<rate>.r<round>…);
// BENCH_HEAP_PROFILE=/tmp/slack instead a sampling allocation profile (….heapprofile, collected
// objects included: bytes allocated per click with `npx tsx bench/heap-sites.ts FILE CLICKS`).
import { writeFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { cpus } from 'node:os';
import { sendWithC } from './c-sender.js';
import { type Child, spawnChild } from './child.js';
import { openConnections, openLoop, post } from './open-loop.js';
import { createBenchDatabase, loadAverage, median, wholeOption } from './runs.js';
import { signed } from './slack-sign.js';
import { databaseCpu, p99PerSecond, pgWatch, tracing } from './slack-trace.js';
import { printTable, summarize } from './stats.js';

type Variant = 'single' | 'split' | 'web';
interface Options {
  rates: number[];
  seconds: number;
  repeat: number;
  delivery: boolean;
  ours: Variant[];
  workerNice: number;
  connections: number;
  /** Who sends: this Node process, or the C sender (bench/c-sender.ts). */
  sender: 'node' | 'c';
}

function parseArgs(args: string[]): Options {
  const i = args.indexOf('--rates');
  const rates = (i >= 0 ? (args[i + 1] ?? '') : '200,1500').split(',').map(Number);
  if (rates.some((r) => !Number.isInteger(r) || r <= 0))
    throw new Error('--rates r1,r2,… must be whole and positive');
  return {
    rates,
    seconds: wholeOption(args, 'seconds', 5),
    repeat: wholeOption(args, 'repeat', 3),
    delivery: args.includes('--delivery'),
    ours: oursOption(args),
    workerNice: args.includes('--worker-nice') ? wholeOption(args, 'worker-nice', 10) : 0,
    connections: wholeOption(args, 'connections', 256, 0),
    sender: senderOption(args),
  };
}

function senderOption(args: string[]): 'node' | 'c' {
  const i = args.indexOf('--sender');
  const sender = i >= 0 ? args[i + 1] : 'node';
  if (sender !== 'node' && sender !== 'c') throw new Error('--sender node|c');
  return sender;
}

function oursOption(args: string[]): Variant[] {
  const i = args.indexOf('--ours');
  const list = (i >= 0 ? (args[i + 1] ?? '') : 'single').split(',');
  if (list.some((v) => !(v in SIDE))) throw new Error('--ours single,split,web');
  return list as Variant[];
}

const SIDE = { single: 'ours', split: 'ours web+worker', web: 'ours web, worker paused' } as const;
type Side = 'bare Bolt' | (typeof SIDE)[Variant];
const BARE: Side = 'bare Bolt';
/** Each of our sides' database, for PostgreSQL's CPU per run (BENCH_SLACK_TRACE). */
const databases = new Map<Side, string>();
interface Run {
  side: Side;
  round: number;
  rate: number;
  load: string;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  sendLagP99: number;
  /** The sender's (this process's) CPU over the run, ms, and its loop's use. */
  senderCpuMs: number;
  /** The sender's CPU over the run's wall time (1 = one CPU's worth). */
  senderShare: number;
  extra: Record<string, number>;
}

export async function run(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const before = loadAverage();
  console.log(
    `slack bench: rates ${opts.rates.join(', ')}/s, ${opts.seconds} s each, ${opts.repeat} rounds; ` +
      `${cpus().length} CPUs; sender ${opts.sender}; load average before ${before}; worker nice ${opts.workerNice}; outbox delivery ` +
      (opts.delivery ? 'in our process' : 'left to the worker role (--delivery to run it here)'),
  );
  const closers: (() => Promise<unknown>)[] = [];
  const runs: Run[] = [];
  try {
    const servers: Partial<Record<Side, Child>> = {};
    for (const variant of opts.ours) {
      const db = await createBenchDatabase('bench_slack');
      databases.set(SIDE[variant], db.name);
      closers.push(() => db.drop());
      const env = { BENCH_DATABASE_URL: db.url, BENCH_DELIVERY: opts.delivery ? '1' : '0' };
      const nice = { BENCH_NICE: String(opts.workerNice) };
      servers[SIDE[variant]] =
        variant === 'single'
          ? await child('slack-ours.ts', env)
          : await split({ ...env, ...nice }, variant === 'web');
    }
    servers[BARE] = await child('slack-bare.ts', {});
    // Warm-up (JIT, connection pools, prepared statements): not shown.
    await round(servers, opts.rates[0] ?? 200, 2, 0, opts.connections, opts.sender);
    for (let r = 1; r <= opts.repeat; r++)
      for (const rate of opts.rates)
        runs.push(...(await round(servers, rate, opts.seconds, r, opts.connections, opts.sender)));
  } finally {
    for (const close of closers.reverse()) await close().catch((err: unknown) => console.error(err));
  }
  report(runs, opts);
  console.log(
    `load average before ${before}, after ${loadAverage()} (the figures are only as quiet as the machine was)`,
  );

  /** A child stopped with the others at the end. */
  async function child(file: string, env: Record<string, string>): Promise<Child> {
    const c = await spawnChild(file, env);
    closers.push(() => c.stop());
    return c;
  }

  /** Ours as a web and a worker process: driven as one server, their CPU summed. `paused`: the
   *  worker is stopped while the clicks arrive and drains the inbox after them. */
  async function split(env: Record<string, string>, paused: boolean): Promise<Child> {
    const worker = await child('slack-ours.ts', { ...env, BENCH_ROLE: 'worker' });
    const web = await child('slack-ours.ts', { ...env, BENCH_ROLE: 'web', BENCH_NICE: '0' });
    return {
      ready: web.ready,
      stop: async () => {},
      signal: () => {},
      async call<T>(name: string, arg?: unknown): Promise<T> {
        if (name === 'begin') await worker.call('begin', null);
        if (name === 'begin' && paused) worker.signal('SIGSTOP');
        if (name !== 'end') return web.call<T>(name, arg);
        // The web process's figures end with the sending, before the worker drains (slack-ours.ts).
        await web.call('sent');
        if (paused) worker.signal('SIGCONT');
        const drainStart = performance.now();
        const w = await worker.call<Record<string, number>>('end'); // drains the inbox first
        const drainS = (performance.now() - drainStart) / 1000;
        const x = await web.call<Record<string, number>>('end');
        const sum = (k: string) => (x[k] ?? 0) + (w[k] ?? 0);
        const both = { cpuMs: sum('cpuMs'), webCpuMs: x.cpuMs ?? 0, refused: sum('refused') };
        const drain = paused ? { drainPerS: (x.processed ?? 0) / drainS } : {};
        // A paused worker's loop was idle by force: its busy share says nothing.
        const busy = paused ? {} : { workerBusy: w.busy ?? 0 };
        return { ...x, ...both, ...drain, ...busy } as T;
      },
    };
  }
}

/** One rate, every side on fresh clicks; odd rounds start with the reference, even ones end with it. */
async function round(
  servers: Partial<Record<Side, Child>>,
  rate: number,
  seconds: number,
  n: number,
  connections: number,
  sender: Options['sender'],
): Promise<Run[]> {
  const sides = Object.keys(servers) as Side[];
  const order = n % 2 === 1 ? [BARE, ...sides.filter((x) => x !== BARE)] : sides;
  const out: Run[] = [];
  let bodies: string[] = [];
  for (const side of order) {
    const server = servers[side];
    if (!server) continue;
    // Each of ours clicks on incidents of its own; the reference only acks, any clicks do.
    if (side !== BARE || bodies.length === 0) {
      const preparer = side === BARE ? servers[order.find((x) => x !== BARE) ?? BARE] : server;
      bodies = (await preparer?.call<string[]>('prepare', rate * seconds)) ?? [];
      // BENCH_SLACK_SAMPLE=FILE: one click's body, for bench/slack-retained.ts.
      if (process.env.BENCH_SLACK_SAMPLE && bodies[0])
        writeFileSync(process.env.BENCH_SLACK_SAMPLE, bodies[0]);
    }
    const load = loadAverage().split(' ')[0] ?? '?';
    const profile = n > 0 && process.env.BENCH_PROFILE;
    const heap = n > 0 && process.env.BENCH_HEAP_PROFILE;
    const name = side === BARE ? '.bare' : '';
    const port = (server.ready as { port: number }).port;
    const begin = async () => {
      const file = profile
        ? `${profile}${name}.${rate}.r${n}.cpuprofile`
        : heap
          ? `${heap}${name}.${rate}.r${n}.heapprofile`
          : null;
      await server.call('begin', file);
      const database = databases.get(side);
      pgCpu = tracing && database ? await databaseCpu(database) : null;
      return tracing ? await pgWatch() : null;
    };
    let pgCpu: (() => Promise<number>) | null = null;
    let pg: Awaited<ReturnType<typeof begin>> = null;
    let result: Awaited<ReturnType<typeof send>>;
    if (sender === 'c') {
      // It connects first, then the servers start counting (`begin`), then it sends.
      const requests = bodies.slice(0, Math.round(rate * seconds)).map(signed);
      const c = await sendWithC(port, '/slack/events', rate, connections || 256, requests, async () => {
        pg = await begin();
      });
      result = { ...c, senderCpuMs: c.cpuMs, senderShare: c.cpuMs / c.wallMs };
    } else {
      // Opened before `begin`, so neither side's CPU, GC or profile counts the connections' set-up.
      const agent = await openConnections(`http://127.0.0.1:${port}/livez`, connections);
      pg = await begin();
      result = await send(agent, port, rate, seconds, bodies);
    }
    const pgSeen = (await (pg as Awaited<ReturnType<typeof begin>>)?.()) ?? {};
    // Before `end`: a paused worker resumes there and drains the inbox on the same database.
    const pgCpuMs = await (pgCpu as (() => Promise<number>) | null)?.();
    if (pgCpuMs !== undefined) pgSeen.pgCpuMsPerClick = Math.round((100 * pgCpuMs) / (rate * seconds)) / 100;
    const extra = await server.call<Record<string, number>>('end');
    if (tracing) {
      const gc = Object.entries(extra).filter(([k]) => k.startsWith('gc') || k.startsWith('statements'));
      console.log(
        `trace r${n} ${rate}/s ${side} (${new Date().toISOString()}, load ${loadAverage()}): p99 per second ${p99PerSecond(result.sent, seconds).join(', ')} ms;`,
        `sender late p99 ${Math.round(summarize(result.sendLag).p99)} ms;`,
        gc.map(([k, v]) => `${k} ${Math.round(v)}`).join(' '),
        Object.entries(pgSeen)
          .map(([k, v]) => `${k} ${v}`)
          .join(' '),
      );
    }
    if (process.env.BENCH_SLACK_STAGES === '1' && side !== BARE) {
      const st = Object.entries(extra).filter(([k]) =>
        /^(stages|server|batch|gc|delay|busy|all_|fastHalf_|tail1pct_)/.test(k),
      );
      console.log(
        `stages r${n} ${rate}/s ${side}: sender p99 ${Math.round(summarize(result.samples.filter((x) => x.error === null).map((x) => x.latency)).p99)} ms;`,
        st.map(([k, v]) => `${k} ${Math.round(v * 10) / 10}`).join(' '),
      );
    }
    const latencies = result.samples.filter((x) => x.error === null).map((x) => x.latency);
    const errors = result.samples.length - latencies.length;
    const s = summarize(latencies);
    const lag = summarize(result.sendLag);
    out.push({
      side,
      round: n,
      rate,
      load,
      p50: s.p50,
      p99: s.p99,
      max: s.max,
      errors,
      sendLagP99: lag.p99,
      senderCpuMs: result.senderCpuMs,
      senderShare: result.senderShare,
      extra,
    });
  }
  return out;
}

/** The clicks at `rate`/s in one open loop; an answer other than 200 counts as an error. */
async function send(agent: Agent, port: number, rate: number, seconds: number, bodies: string[]) {
  const requests = bodies.map(signed);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const url = `http://127.0.0.1:${port}/slack/events`;
  // When each request left (from the first) and how long its answer took, for the trace.
  const sent: { at: number; latency: number }[] = [];
  let first = 0;
  const result = await openLoop(rate, seconds, async (i) => {
    const request = requests[i];
    if (!request) return 'no click prepared';
    const at = performance.now();
    if (i === 0) first = at;
    const { status } = await post(agent, url, request.body, request.headers);
    sent.push({ at: at - first, latency: performance.now() - at });
    return status === 200 ? null : `HTTP ${status}`;
  });
  agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  const senderCpuMs = (cpu.user + cpu.system) / 1000;
  return { ...result, sent, senderCpuMs, senderShare: senderCpuMs / (performance.now() - wall0) };
}

function report(runs: Run[], opts: Options): void {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const cpuPerRequest = (x: Run) => (x.extra.cpuMs ?? 0) / (x.rate * opts.seconds);
  const pct = (v: number | undefined) => `${Math.round((v ?? 0) * 100)}%`;
  printTable(
    runs.map((x) => {
      const ours = x.side !== BARE;
      return {
        round: x.round,
        'rate/s': x.rate,
        side: x.side,
        'load 1m': x.load,
        'p50 ms': r1(x.p50),
        'p99 ms': r1(x.p99),
        'max ms': r1(x.max),
        errors: x.errors,
        'sender late p99 ms': r1(x.sendLagP99),
        processed: ours ? `${x.extra.processed}/${x.rate * opts.seconds}` : '',
        refused: ours ? (x.extra.refused ?? 0) : '',
        // The acknowledging process's loop (web's when split); the worker's beside it.
        'loop busy': pct(x.extra.busy),
        'worker busy': x.extra.workerBusy === undefined ? '' : pct(x.extra.workerBusy),
        'worker drain/s': x.extra.drainPerS === undefined ? '' : Math.round(x.extra.drainPerS),
        'loop delay p99 ms': ours ? r1(x.extra.delayP99 ?? 0) : '',
        'CPU ms/request': r2(cpuPerRequest(x)),
        // The Node sender shares the machine's CPUs with both servers and PostgreSQL.
        'sender CPU ms/req': r2(x.senderCpuMs / (x.rate * opts.seconds)),
        'sender CPU share': pct(x.senderShare),
        'of it web': x.extra.webCpuMs === undefined ? '' : r2(x.extra.webCpuMs / (x.rate * opts.seconds)),
      };
    }),
    1,
  );
  console.log(`\nmedians of ${opts.repeat} rounds (ratio: ours ÷ bare Bolt, same rounds)`);
  const rows = [];
  for (const rate of opts.rates)
    for (const variant of opts.ours) {
      const side = SIDE[variant];
      const of = (s: Side) => runs.filter((x) => x.rate === rate && x.side === s);
      const med = (s: Side, k: 'p50' | 'p99') => median(of(s).map((x) => x[k]));
      const ratios = of(side).map(
        (o) => o.p99 / (of(BARE).find((b) => b.round === o.round)?.p99 ?? Number.NaN),
      );
      rows.push({
        'rate/s': rate,
        ours: side,
        'ours p50': r1(med(side, 'p50')),
        'ours p99': r1(med(side, 'p99')),
        'bare p50': r1(med(BARE, 'p50')),
        'bare p99': r1(med(BARE, 'p99')),
        'p99 ratio of medians': med(side, 'p99') / med(BARE, 'p99'),
        'median of round p99 ratios': median(ratios),
        errors: [...of(side), ...of(BARE)].reduce((a, x) => a + x.errors, 0),
        // CPU per request is the load-proof figure: what each side spent, not how long it waited.
        'CPU ms/req ours': r2(median(of(side).map((x) => cpuPerRequest(x)))),
        'CPU ms/req bare': r2(median(of(BARE).map((x) => cpuPerRequest(x)))),
      });
    }
  printTable(rows);
}
