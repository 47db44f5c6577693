// `npm run bench -- core [--clients 8] [--seconds 15] [--repeat 3] [--scale N]`: complete IM2
// paths through the whole bot (bench/core-ours.ts: idempotency keys, expected versions, the
// IncidentView built, the outbox relayed and delivered to a local Slack Web API, timers
// armed) against pgbench's tpcb-like workload on the same server, each in its own process,
// interleaved (ours, reference, ours, reference …) so both see the same machine of the moment.
// pgbench runs at scale ≥ clients: at scale 1 every transaction updates the one branch row and
// the reference is held down by that lock, which flatters the ratio.
// Target (issue 15): median transitions/s ≥ 0.8 × median pgbench TPS.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { OursArgs, OursResult } from './core-ours.js';
import { pgbenchReference } from './pgbench.js';
import { printTable } from './stats.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Options {
  clients: number;
  seconds: number;
  repeat: number;
  scale: number;
  configPath: string;
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} expects a positive whole number`);
  return value;
}

function parse(args: string[]): Options {
  const clients = option(args, 'clients', 8);
  const scale = option(args, 'scale', clients);
  if (scale < clients)
    throw new Error(
      `--scale ${scale} is below --clients ${clients}: the reference would queue on branch rows`,
    );
  return {
    clients,
    seconds: option(args, 'seconds', 15),
    repeat: option(args, 'repeat', 3),
    scale,
    configPath: process.env.ITSS_CONFIG ?? 'config/example.en.yaml',
  };
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const ours = await createDatabase(`bench_core_${tag}`);
  const ref = await createDatabase(`bench_pgref_${tag}`);
  console.log(
    `core: ${o.clients} clients × ${o.seconds} s, ${o.repeat} rounds; pgbench scale ${o.scale}; ` +
      `${cpus().length} CPUs; load average before ${load()}`,
  );
  const rows: Record<string, number | string>[] = [];
  try {
    for (let round = 1; round <= o.repeat; round++) {
      const mine = await runOurs({
        databaseUrl: ours.url,
        clients: o.clients,
        seconds: o.seconds,
        configPath: o.configPath,
      });
      const loadMid = loadavg()[0] ?? 0;
      const reference = await pgbenchReference({
        clients: o.clients,
        seconds: o.seconds,
        scale: o.scale,
        refUrl: ref.url,
      });
      const tps = mine.transitions / mine.elapsedSeconds;
      rows.push({
        round,
        'transitions/s': tps,
        'incidents/s': mine.incidents / mine.elapsedSeconds,
        'p50 ms': mine.p50,
        'p99 ms': mine.p99,
        'outbox backlog at end': mine.backlogAtEnd,
        'drained in s': mine.drainSeconds,
        'Web API calls': mine.webApiCalls,
        'pgbench TPS': reference.tps,
        ratio: tps / reference.tps,
        load1: loadMid,
      });
    }
  } finally {
    await ours.drop();
    await ref.drop();
  }
  printTable(rows);
  const median = (k: string) => medianOf(rows.map((r) => Number(r[k])));
  printTable([
    {
      'median transitions/s': median('transitions/s'),
      'median pgbench TPS': median('pgbench TPS'),
      'ratio of medians': median('transitions/s') / median('pgbench TPS'),
      'median of round ratios': median('ratio'),
      target: 0.8,
    },
  ]);
  console.log(`load average after ${load()}`);
}

function runOurs(args: OursArgs): Promise<OursResult> {
  const file = fileURLToPath(new URL('./core-ours.ts', import.meta.url));
  const child = fork(file, [JSON.stringify(args)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
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

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A database of this run's own name on the shared server, so two runs never collide. */
async function createDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = () => postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const sql = admin();
  await sql.unsafe(`CREATE DATABASE "${name}"`);
  await sql.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const s = admin();
      await s.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await s.end();
    },
  };
}
