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
// BENCH_PROFILE=/tmp/slack writes a CPU profile of our process per measured run
// (/tmp/slack.<rate>.r<round>.cpuprofile).
import { cpus } from 'node:os';
import { type Child, spawnChild } from './child.js';
import { loadAgent, openLoop, post } from './open-loop.js';
import { createBenchDatabase, loadAverage, median, wholeOption } from './runs.js';
import { signed } from './slack-sign.js';
import { printTable, summarize } from './stats.js';

interface Options {
  rates: number[];
  seconds: number;
  repeat: number;
  delivery: boolean;
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
  };
}

type Side = 'bare Bolt' | 'ours';
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
  extra: Record<string, number>;
}

export async function run(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const before = loadAverage();
  console.log(
    `slack bench: rates ${opts.rates.join(', ')}/s, ${opts.seconds} s each, ${opts.repeat} rounds; ` +
      `${cpus().length} CPUs; load average before ${before}; outbox delivery ` +
      (opts.delivery ? 'in our process' : 'left to the worker role (--delivery to run it here)'),
  );
  const db = await createBenchDatabase('bench_slack');
  const closers: (() => Promise<unknown>)[] = [() => db.drop()];
  const runs: Run[] = [];
  try {
    const env = { BENCH_DATABASE_URL: db.url, BENCH_DELIVERY: opts.delivery ? '1' : '0' };
    const ours = await spawnChild('slack-ours.ts', env);
    closers.push(() => ours.stop());
    const bare = await spawnChild('slack-bare.ts');
    closers.push(() => bare.stop());
    const servers = { ours, 'bare Bolt': bare } as const;
    // Warm-up (JIT, connection pools, prepared statements): not shown.
    await round(servers, opts.rates[0] ?? 200, 2, 0);
    for (let r = 1; r <= opts.repeat; r++)
      for (const rate of opts.rates) runs.push(...(await round(servers, rate, opts.seconds, r)));
  } finally {
    for (const close of closers.reverse()) await close().catch((err: unknown) => console.error(err));
  }
  report(runs, opts);
  console.log(
    `load average before ${before}, after ${loadAverage()} (the figures are only as quiet as the machine was)`,
  );
}

/** One rate, both sides on the same fresh clicks; odd rounds start with the reference. */
async function round(servers: Record<Side, Child>, rate: number, seconds: number, n: number): Promise<Run[]> {
  const bodies = await servers.ours.call<string[]>('prepare', rate * seconds);
  const order: Side[] = n % 2 === 1 ? ['bare Bolt', 'ours'] : ['ours', 'bare Bolt'];
  const out: Run[] = [];
  for (const side of order) {
    const server = servers[side];
    const load = loadAverage().split(' ')[0] ?? '?';
    const profile = side === 'ours' && n > 0 && process.env.BENCH_PROFILE;
    await server.call('begin', profile ? `${profile}.${rate}.r${n}.cpuprofile` : null);
    const port = (server.ready as { port: number }).port;
    const result = await send(port, rate, seconds, bodies);
    const extra = await server.call<Record<string, number>>('end');
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
      extra,
    });
  }
  return out;
}

/** The clicks at `rate`/s in one open loop; an answer other than 200 counts as an error. */
async function send(port: number, rate: number, seconds: number, bodies: string[]) {
  const requests = bodies.map(signed);
  const agent = loadAgent();
  const url = `http://127.0.0.1:${port}/slack/events`;
  const result = await openLoop(rate, seconds, async (i) => {
    const request = requests[i];
    if (!request) return 'no click prepared';
    const { status } = await post(agent, url, request.body, request.headers);
    return status === 200 ? null : `HTTP ${status}`;
  });
  agent.destroy();
  return result;
}

function report(runs: Run[], opts: Options): void {
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const cpuPerRequest = (x: Run) => (x.extra.cpuMs ?? 0) / (x.rate * opts.seconds);
  printTable(
    runs.map((x) => ({
      round: x.round,
      'rate/s': x.rate,
      side: x.side,
      'load 1m': x.load,
      'p50 ms': r1(x.p50),
      'p99 ms': r1(x.p99),
      'max ms': r1(x.max),
      errors: x.errors,
      'sender late p99 ms': r1(x.sendLagP99),
      processed: x.side === 'ours' ? `${x.extra.processed}/${x.rate * opts.seconds}` : '',
      refused: x.side === 'ours' ? (x.extra.refused ?? 0) : '',
      'loop busy': x.side === 'ours' ? `${Math.round((x.extra.busy ?? 0) * 100)}%` : '',
      'loop delay p99 ms': x.side === 'ours' ? r1(x.extra.delayP99 ?? 0) : '',
      'CPU ms/request': r2(cpuPerRequest(x)),
    })),
    1,
  );
  console.log(`\nmedians of ${opts.repeat} rounds (ratio: ours ÷ bare Bolt)`);
  printTable(
    opts.rates.map((rate) => {
      const of = (side: Side) => runs.filter((x) => x.rate === rate && x.side === side);
      const med = (side: Side, k: 'p50' | 'p99') => median(of(side).map((x) => x[k]));
      const ratios = of('ours').map(
        (o) => o.p99 / (of('bare Bolt').find((b) => b.round === o.round)?.p99 ?? Number.NaN),
      );
      return {
        'rate/s': rate,
        'ours p50': r1(med('ours', 'p50')),
        'ours p99': r1(med('ours', 'p99')),
        'bare p50': r1(med('bare Bolt', 'p50')),
        'bare p99': r1(med('bare Bolt', 'p99')),
        'p99 ratio of medians': med('ours', 'p99') / med('bare Bolt', 'p99'),
        'median of round p99 ratios': median(ratios),
        errors: [...of('ours'), ...of('bare Bolt')].reduce((a, x) => a + x.errors, 0),
        // CPU per request is the load-proof figure: what each side spent, not how long it waited.
        'CPU ms/req ours': r2(median(of('ours').map((x) => cpuPerRequest(x)))),
        'CPU ms/req bare': r2(median(of('bare Bolt').map((x) => cpuPerRequest(x)))),
      };
    }),
  );
}
