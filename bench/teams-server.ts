// One web process of `npm run bench -- teams --processes N` (a node:cluster worker): the Teams
// route on its own HTTP server, sharing the port with its siblings and the database schema with
// the benchmark. Not a production entry point (that is src/main/main.ts with --role=web).
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createTeams, mountTeams } from '../adapters/teams/start.js';
import { openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { createHttpServer } from '../src/app/http.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';
import { knowledgeService, reportServices } from '../src/main/compose.js';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = process.env.BENCH_SCHEMA;
if (!schema) throw new Error('teams-server: BENCH_SCHEMA is required');
const cfg = loadConfig(process.env.ITSS_CONFIG ?? 'config/example.en.yaml');
const db = await openDatabase({ databaseUrl, schema });
const storage = createStorage(db);
const log = pino({ level: 'warn' });
const http = createHttpServer({ port: 0, host: '127.0.0.1', health: async () => ({}), log });
const teams = createTeams(
  { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', local: true },
  {
    service: new TriageService(storage, cfg),
    config: cfg,
    storage,
    log,
    knowledge: knowledgeService(db, new TriageService(storage, cfg)),
    reports: reportServices(db, cfg, { now: () => new Date() }).reports,
  },
);
mountTeams(http.app, teams);
// In a cluster worker, listen(0) gets the same port as every sibling: the primary shares it.
const server = await http.listen();
server.keepAliveTimeout = 120_000;
process.send?.({ port: (server.address() as AddressInfo).port });
process.on('message', (message) => {
  if (message !== 'stop') return;
  void http
    .close()
    .then(() => storage.close())
    .finally(() => process.exit(0));
});
