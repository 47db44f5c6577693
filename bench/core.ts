// `npm run bench -- core [--clients 8] [--seconds 15] [--repeat 3] [--scale N] [--warmup 5]`: complete IM2
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
// Each side first runs the same load unmeasured for --warmup seconds (0: none), in its measured
// process: a bot is up for days, and a fresh Node process spends 10–18 % of a 10 s round's CPU
// compiling its hot code (docs/core-speed.md, h/core-bot2); pgbench gets the same seconds, so
// its tables and the server's caches are as warm as ours.
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { OursArgs, OursResult } from './core-ours.js';
import { pgbenchReference } from './pgbench.js';
import { createBenchDatabase, loadAverage, median, wholeOption } from './runs.js';
import { serveServerCpu, watchServerCpu } from './server-cpu.js';
import { printTable } from './stats.js';

interface Options {
  clients: number;
  seconds: number;
  repeat: number;
  scale: number;
  warmup: number;
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
    warmup: wholeOption(args, 'warmup', 5, 0),
    configPath: process.env.ITSS_CONFIG ?? 'config/example.en.yaml',
  };
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const ours = await createBenchDatabase('bench_core');
  const ref = await createBenchDatabase('bench_pgref');
  console.log(
    `core: ${o.clients} clients × ${o.seconds} s after ${o.warmup} s unmeasured, ${o.repeat} rounds; ` +
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
        serverCpuByParent: true,
      });
      const loadMid = loadavg()[0] ?? 0;
      let refServerSeconds: number | null = null;
      const reference = await pgbenchReference(
        { clients: o.clients, seconds: o.seconds, scale: o.scale, refUrl: ref.url, warmupSeconds: o.warmup },
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
