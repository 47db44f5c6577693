// `npm run bench -- core [--clients 8] [--seconds 15] [--repeat 3] [--scale N] [--warmup-transitions 20000]
// [--warmup 60]`: complete IM2
// paths through the whole bot (bench/core-ours.ts: idempotency keys, expected versions, the
// IncidentView built, the outbox relayed and delivered to a local Slack Web API, timers
// armed) against pgbench's tpcb-like workload on the same server, each in its own process,
// interleaved (ours, reference, ours, reference …) so both see the same machine of the moment.
// pgbench runs at scale ≥ clients: at scale 1 every transaction updates the one branch row and
// the reference is held down by that lock, which flatters the ratio.
// Target (issue 15): median transitions/s ≥ 0.8 × median pgbench TPS, where transitions/s counts
// the outbox drain after the load (accepted/s is without it: commands answered, not delivered).
// Beside it, CPU per transition on each side: the bot's, PostgreSQL's for our database
// (bench/server-cpu.ts), pgbench's own and PostgreSQL's for its database — the server's share
// alone bounds the ratio on a machine the two share, whatever the bot does.
// Each side first runs the same load unmeasured, in its measured process: ours until it has done
// --warmup-transitions transitions (0: for the whole cap), for at most --warmup seconds (0: no
// warm-up). A bot is up for days, and V8 tiers its hot code up by call counts, so seconds alone
// left a loaded machine's bot compiling through the round (13–42 % of its CPU per transition
// after 5 s; docs/core-speed.md, h/coresat). pgbench (C, no JIT) then gets the wall time ours'
// warm-up load took, so its tables and the server's caches are as warm as ours.
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { OursArgs, OursResult } from './core-ours.js';
import { pgbenchReference } from './pgbench.js';
import { createBenchDatabase, loadAverage, median, wholeOption } from './runs.js';
import { serveServerCpu, watchServerCpu } from './server-cpu.js';
import { printTable } from './stats.js';
import { referenceWarmupSeconds } from './warmup.js';

interface Options {
  clients: number;
  seconds: number;
  repeat: number;
  scale: number;
  warmup: number;
  warmupTransitions: number;
  configPath: string;
}

function parse(args: string[]): Options {
  const clients = wholeOption(args, 'clients', 8);
  const scale = wholeOption(args, 'scale', clients);
  if (scale < clients)
    throw new Error(
      `--scale ${scale} is below --clients ${clients}: the reference would queue on branch rows`,
    );
  return {
    clients,
    seconds: wholeOption(args, 'seconds', 15),
    repeat: wholeOption(args, 'repeat', 3),
    scale,
    warmup: wholeOption(args, 'warmup', 60, 0),
    warmupTransitions: wholeOption(args, 'warmup-transitions', 20_000, 0),
    configPath: process.env.ITSS_CONFIG ?? 'config/example.en.yaml',
  };
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const ours = await createBenchDatabase('bench_core');
  const ref = await createBenchDatabase('bench_pgref');
  console.log(
    `core: ${o.clients} clients × ${o.seconds} s after a warm-up of ${o.warmupTransitions} transitions ` +
      `(at most ${o.warmup} s), ${o.repeat} rounds; ` +
      `pgbench scale ${o.scale}; ` +
      `${cpus().length} CPUs; load average before ${loadAverage()}`,
  );
  const rows: Record<string, number | string>[] = [];
  try {
    for (let round = 1; round <= o.repeat; round++) {
      const mine = await runOurs({
        databaseUrl: ours.url,
        clients: o.clients,
        seconds: o.seconds,
        configPath: o.configPath,
        warmupSeconds: o.warmup,
        warmupTransitions: o.warmupTransitions,
        serverCpuByParent: true,
      });
      const refWarmup = referenceWarmupSeconds(mine.warmup.loadSeconds);
      console.log(
        `round ${round} warm-up: ours ${mine.warmup.transitions} transitions in ${mine.warmup.loadSeconds.toFixed(1)} s ` +
          `(+ ${mine.warmup.drainSeconds.toFixed(1)} s drain), pgbench ${refWarmup} s; load1 ${loadAverage()}`,
      );
      const loadMid = loadavg()[0] ?? 0;
      let refServerSeconds: number | null = null;
      const reference = await pgbenchReference(
        { clients: o.clients, seconds: o.seconds, scale: o.scale, refUrl: ref.url, warmupSeconds: refWarmup },
        () => {
          const watch = watchServerCpu(ref.url, ref.name);
          return async () => {
            refServerSeconds = await watch.stop();
          };
        },
      );
      const refTransactions = reference.tps * o.seconds;
      // Done means delivered: transitions whose chat messages were still in the outbox when the
      // load stopped are only done after the drain, so the ratio counts that time too.
      const tps = mine.transitions / (mine.elapsedSeconds + mine.drainSeconds);
      rows.push({
        round,
        'warm-up transitions': mine.warmup.transitions,
        'transitions/s': tps,
        'accepted/s': mine.transitions / mine.elapsedSeconds,
        'incidents/s': mine.incidents / mine.elapsedSeconds,
        'p50 ms': mine.p50,
        'p99 ms': mine.p99,
        'outbox backlog at end': mine.backlogAtEnd,
        'drained in s': mine.drainSeconds,
        'Web API calls': mine.webApiCalls,
        'CPU ms/transition': mine.cpuMsPerTransition,
        'bot loop busy load/drain': `${pct(mine.eventLoopBusyLoad)}/${pct(mine.eventLoopBusyDrain)}`,
        'server CPU ms/transition': mine.serverCpuMsPerTransition ?? 'n/a',
        'pgbench TPS': reference.tps,
        'pgbench CPU ms/tx': perTransaction(reference.clientCpuSeconds, refTransactions),
        'server CPU ms/tx': perTransaction(refServerSeconds, refTransactions),
        ratio: tps / reference.tps,
        load1: loadMid,
      });
    }
  } finally {
    await ours.drop();
    await ref.drop();
  }
  printTable(rows);
  const medianOf = (k: string) => median(rows.map((r) => Number(r[k])));
  printTable([
    {
      'median transitions/s': medianOf('transitions/s'),
      'median pgbench TPS': medianOf('pgbench TPS'),
      'ratio of medians': medianOf('transitions/s') / medianOf('pgbench TPS'),
      'median of round ratios': medianOf('ratio'),
      // pgbench's whole CPU per transaction (its client and the server) over the server's CPU
      // alone per transition of ours: the ratio a bot using no CPU at all would reach on a
      // machine both saturate.
      'ceiling from server CPU':
        (medianOf('pgbench CPU ms/tx') + medianOf('server CPU ms/tx')) / medianOf('server CPU ms/transition'),
      target: 0.8,
    },
  ]);
  console.log(`load average after ${loadAverage()}`);
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;

const perTransaction = (seconds: number | null, transactions: number): number | string =>
  seconds === null ? 'n/a' : (seconds * 1000) / transactions;

function runOurs(args: OursArgs): Promise<OursResult> {
  const file = fileURLToPath(new URL('./core-ours.ts', import.meta.url));
  const child = fork(file, [JSON.stringify(args)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // The child's server CPU is watched from here, so its polling is not counted as the bot's CPU.
  serveServerCpu(child);
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as OursResult);
      else reject(new Error(`bench/core-ours.ts exited with ${code}:\n${out}`));
    });
  });
}
