// `npm run bench -- core [--clients N] [--seconds S]`: complete IM2 paths through the use cases
// on real PostgreSQL (one transaction per command), with pgbench's tpcb-like TPS at the same
// client count on the same server as the reference. Target: transitions/s ≥ 50 % of pgbench.
import { dropSchema, openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { actorById } from '../src/app/identity.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';
import type { Command } from '../src/core/commands.js';
import type { TriageConfig } from '../src/core/config.js';
import type { Actor } from '../src/core/types.js';
import { pgbenchReference } from './pgbench.js';
import { printTable, summarize } from './stats.js';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} expects a positive number`);
  return value;
}

/** Three of the flow's paths, taken in turn: desk fix, second line, decline and re-dispatch. */
function paths(cfg: TriageConfig): [Command, Actor][][] {
  const desk = actorById(cfg, 'alice');
  const net = actorById(cfg, 'dana'); // network team (example config)
  const apps = actorById(cfg, 'fatima'); // business applications team
  const reporter: Actor = { id: 'bench-reporter', name: 'Bench', roles: [], teams: [] };
  const triage: [Command, Actor][] = [
    [{ type: 'classify', nature: 'fault', category: 'network.vpn' }, desk],
    [{ type: 'prioritise', impact: 2, urgency: 2 }, desk],
    [{ type: 'decide_onsite', needed: false }, desk],
  ];
  const close: [Command, Actor][] = [
    [{ type: 'confirm' }, reporter],
    [{ type: 'close', code: null }, desk],
  ];
  return [
    [
      ...triage,
      [{ type: 'apply_match', matchRef: 'KB-1', solution: 'Restart', code: 'solved' }, desk],
      ...close,
    ],
    [
      ...triage,
      [{ type: 'no_match' }, desk],
      [{ type: 'assign', team: null }, desk],
      [{ type: 'accept' }, net],
      [{ type: 'in_scope' }, net],
      [{ type: 'resolve', code: 'solved', solution: 'Fixed', tested: true }, net],
      ...close,
    ],
    [
      ...triage,
      [{ type: 'no_match' }, desk],
      [{ type: 'assign', team: null }, desk],
      [{ type: 'decline', reason: 'Not ours', suggestedTeam: 'apps' }, net],
      [{ type: 'assign', team: 'apps' }, desk],
      [{ type: 'accept' }, apps],
      [{ type: 'resolve', code: 'workaround', solution: 'Unlock', tested: false }, apps],
      ...close,
    ],
  ];
}

async function client(service: TriageService, cfg: TriageConfig, until: number, latencies: number[]) {
  const all = paths(cfg);
  const reporter: Actor = { id: 'bench-reporter', name: 'Bench', roles: [], teams: [] };
  let incidents = 0;
  let transitions = 0;
  for (let n = 0; Date.now() < until; n++) {
    const timed = async <T>(work: () => Promise<T>) => {
      const start = performance.now();
      const result = await work();
      latencies.push(performance.now() - start);
      transitions++;
      return result;
    };
    const input = { title: `Bench incident ${n}`, description: 'bench', service: null, severity: null };
    const { incident } = await timed(() => service.report(input, reporter));
    for (const [command, actor] of all[n % all.length] ?? [])
      await timed(() => service.execute(incident.id, command, actor));
    incidents++;
  }
  return { incidents, transitions };
}

export async function run(args: string[]): Promise<void> {
  const clients = option(args, 'clients', 8);
  const seconds = option(args, 'seconds', 15);
  const cfg = loadConfig(process.env.ITSS_CONFIG ?? 'config/example.en.yaml');
  const schema = `bench_core_${process.pid}`;
  const db = await openDatabase({ databaseUrl: DATABASE_URL, schema });
  const storage = createStorage(db);
  const service = new TriageService(storage, cfg);
  console.log(`core: ${clients} clients × ${seconds} s of complete IM2 paths on ${DATABASE_URL}`);
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: clients }, () => client(service, cfg, until, latencies)),
  );
  const elapsed = (performance.now() - started) / 1000;
  await storage.close();
  await dropSchema(DATABASE_URL, schema);
  const incidents = results.reduce((s, r) => s + r.incidents, 0);
  const transitions = results.reduce((s, r) => s + r.transitions, 0);
  const reference = await pgbenchReference({ clients, seconds, databaseUrl: DATABASE_URL });
  const lat = summarize(latencies);
  printTable([
    { measure: 'incidents/s', value: incidents / elapsed },
    { measure: 'transitions/s', value: transitions / elapsed },
    { measure: 'transition latency p50 ms', value: lat.p50 },
    { measure: 'transition latency p99 ms', value: lat.p99 },
    { measure: `pgbench tpcb-like TPS (${clients} clients)`, value: reference.tps },
    { measure: 'transitions/s ÷ pgbench TPS', value: transitions / elapsed / reference.tps },
  ]);
}
