// The ITSS bot of `npm run bench -- teams`, in a process of its own (or one of N node:cluster
// workers sharing a port with `--processes N`, as `--role=web` scales out): the Teams route on
// its own HTTP server, PostgreSQL in the bench's database. The bench asks it over IPC to register
// incidents, count committed clicks, measure its CPU and profile it (bench/open-loop.ts).
// Not a production entry point (that is src/main/main.ts with --role=web).
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { CardRenderer } from '../adapters/teams/render.js';
import { createTeams, mountTeams } from '../adapters/teams/start.js';
import { openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { createHttpServer } from '../src/app/http.js';
import type { HeldIncident, IncidentChange, Storage } from '../src/app/ports.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';
import type { Actor } from '../src/core/types.js';
import { EmbeddedDelivery } from '../src/jobs/delivery-queue.js';
import { knowledgeService, reportServices } from '../src/main/compose.js';
import { serveTarget } from './open-loop.js';
import { startHeapProfile, startProfile } from './profile.js';
import { instrument, startStages, stopStages } from './stages.js';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('teams-server: BENCH_DATABASE_URL is required');
const cfg = loadConfig(process.env.ITSS_CONFIG ?? 'config/example.en.yaml');
const db = await openDatabase({ databaseUrl });
const storage = countedOneStatement(createStorage(db));
const log = pino({ level: 'warn' });
const clock = { now: () => new Date() };
const service = new TriageService(storage, cfg, clock);
const http = createHttpServer({ port: 0, host: '127.0.0.1', health: async () => ({}), log });
const knowledge = knowledgeService(db, service);
const teams = createTeams(
  { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', local: true },
  // IM2.7 as in production: the knowledge base over the same database (compose.ts).
  {
    service,
    config: cfg,
    storage,
    log,
    knowledge,
    reports: reportServices(db, cfg, clock).reports,
  },
);
mountTeams(http, teams);
// In a cluster worker, listen(0) gets the same port as every sibling: the primary shares it.
const server = await http.listen();
// Idle keep-alive sockets outlive the pauses between runs (no close/reuse races in the figures).
server.keepAliveTimeout = 120_000;
if (process.env.BENCH_STAGES)
  instrument({
    server,
    teams,
    storage,
    renderer: CardRenderer as never,
    knowledge: knowledge as never,
  });

// --deliver: the jobs module's delivery loop in this process (role all), one round at a time.
const delivery = new EmbeddedDelivery({ storage, config: cfg, notifiers: [teams.notifier], clock }, 200, 5);
let draining: Promise<unknown> | null = null;
const deliveryLoop =
  process.env.BENCH_DELIVER === '1'
    ? setInterval(() => {
        draining ??= delivery
          .tick()
          .catch((err: unknown) => log.error({ err }, 'bench: delivery failed'))
          .finally(() => {
            draining = null;
          });
      }, 50)
    : null;

/** `n` registered incidents to click through (16 reporters at a time; not measured). */
async function prepare(arg: unknown): Promise<string[]> {
  const { n, reporter } = arg as { n: number; reporter: Actor };
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
  for (let i = 0; i < n; i += 16)
    await Promise.all(Array.from({ length: Math.min(16, n - i) }, (_, k) => report(i + k)));
  return ids;
}

/** Clicks tried in one statement (Storage.oneStatement) since the last `committed`, and missed. */
const oneStatement = { tried: 0, missed: 0 };
function countedOneStatement(storage: Storage): Storage {
  const writes = storage.oneStatement;
  if (!writes) return storage;
  return Object.assign(storage, {
    oneStatement: {
      held: (id: string) => writes.held(id),
      async commit(change: IncidentChange, decidedOn: HeldIncident) {
        oneStatement.tried++;
        const done = await writes.commit(change, decidedOn);
        if (!done) oneStatement.missed++;
        return done;
      },
    },
  });
}

/** Clicks the database shows were done: every command bumps the incident's version by one.
 *  Prints (stderr) how many clicks were tried in one statement meanwhile, and how many missed. */
async function committed(arg: unknown): Promise<number> {
  if (storage.oneStatement) {
    process.stderr.write(
      `teams-server ${process.pid}: one statement tried ${oneStatement.tried}, missed ${oneStatement.missed}\n`,
    );
    oneStatement.tried = 0;
    oneStatement.missed = 0;
  }
  let done = 0;
  for (const id of arg as string[]) {
    const incident = await storage.getIncident(id);
    if (incident) done += incident.version - 1;
  }
  return done;
}

let profile: ((file: string) => Promise<void>) | null = null;
let heapProfile: ((file: string) => Promise<void>) | null = null;
serveTarget((server.address() as AddressInfo).port, {
  prepare,
  committed,
  profileStart: async () => {
    profile = await startProfile();
  },
  profileStop: async (file) => {
    await profile?.(String(file));
    profile = null;
  },
  heapProfileStart: async () => {
    heapProfile = await startHeapProfile();
  },
  heapProfileStop: async (file) => {
    await heapProfile?.(String(file));
    heapProfile = null;
  },
  stagesStart: startStages,
  stagesStop: stopStages,
  stop: async () => {
    if (deliveryLoop) clearInterval(deliveryLoop);
    await draining;
    server.closeAllConnections();
    await http.close();
    await storage.close();
  },
});
