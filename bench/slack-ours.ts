// Ours, for `npm run bench -- slack`, in a process of its own: our HTTP server with the Slack
// module (durable acknowledgement through the inbox), the triage service, PostgreSQL at
// BENCH_DATABASE_URL (a database of the bench's own), a local Slack Web API stand-in. It prepares
// the incidents and the clicks on their desk cards, and after a measured run says how many
// clicks changed their incident. BENCH_DELIVERY=1 also delivers the outbox here (`--role=all`).
// BENCH_ROLE=web|worker (default all) runs it as one of a web and a worker process on one
// database: the web process acknowledges and hands the clicks off, the worker runs them
// (src/app/inbox.ts "hand-off"); the worker's `end` waits until the inbox is drained.
// Not a production entry point (that is src/main/main.ts).
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setPriority } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { startSlack } from '../adapters/slack/start.js';
import { openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { queryRows } from '../db/sql-rows.js';
import type { AppContext } from '../src/app/app-module.js';
import { PURPOSE } from '../src/app/card-places.js';
import { fixedConfig } from '../src/app/config-holder.js';
import { readSettings } from '../src/app/env.js';
import { createHttpServer, healthChecks } from '../src/app/http.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';
import type { Actor, Incident } from '../src/core/types.js';
import { EmbeddedDelivery } from '../src/jobs/delivery-queue.js';
import { knowledgeService, reportServices } from '../src/main/compose.js';
import { serve } from './child.js';
import { startHeapProfile, startProfile } from './profile.js';
import { cpuMeter } from './runs.js';
import { BENCH_SECRET, BENCH_TOKEN } from './slack-sign.js';
import { stagesWatch, staging } from './slack-stages.js';
import { gcWatch, tracing } from './slack-trace.js';
import { startWebApi } from './slack-web-api.js';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('slack-ours: BENCH_DATABASE_URL is required');
const deliver = process.env.BENCH_DELIVERY === '1';
const role = (process.env.BENCH_ROLE ?? 'all') as 'all' | 'web' | 'worker';
// BENCH_NICE: the worker's scheduling priority (bench/slack.ts --worker-nice).
if (Number(process.env.BENCH_NICE ?? 0) > 0) setPriority(Number(process.env.BENCH_NICE));

const api = await startWebApi();
const db = await openDatabase({ databaseUrl });
const statements = tracing ? countStatements() : null;
const storage = createStorage(db);
const config = loadConfig('config/example.en.yaml');
const log = pino({ level: 'warn' });
const http = createHttpServer({ port: 0, host: '127.0.0.1', health: healthChecks({}), log });
const clock = { now: () => new Date() };
const service = new TriageService(storage, config, clock);
const ctx: AppContext = {
  settings: readSettings({}, [`--role=${role}`]),
  env: {},
  config,
  configs: fixedConfig(config),
  storage,
  service,
  knowledge: knowledgeService(db, service),
  ...reportServices(db, config, clock),
  http,
  log,
  clock,
  notifiers: [],
  directories: [],
};
const { bot } = await startSlack(
  ctx,
  { botToken: BENCH_TOKEN, signingSecret: BENCH_SECRET, appToken: null, apiUrl: api.url },
  { clientOptions: { retryConfig: { retries: 0 } } },
);
const server = await http.listen();
server.keepAliveTimeout = 120_000;
const stages = staging
  ? stagesWatch(
      server,
      storage.inbox,
      (db.ackOrm as unknown as { _: { session: { client: never } } })._.session.client,
    )
  : null;
// The jobs module's embedded delivery (the product's loop), as `--role=all` runs it.
const delivery = new EmbeddedDelivery({ storage, config, notifiers: ctx.notifiers, clock }, 200, 5);
const agent = config.people.find((p) => p.roles.includes('agent') && p.accounts.slack);
const category = config.categories.find((c) => c.parent !== null) ?? config.categories[0];
const nature = config.natures[0];
if (!agent?.accounts.slack || !category || !nature)
  throw new Error('config/example.en.yaml lacks an agent, category or nature');
const reporter: Actor = { id: 'slack:UBENCHREP', name: 'Bench Reporter', roles: [], teams: [] };

let incidents: Incident[] = [];
let measuring: { stop(): Promise<Record<string, number>> } | null = null;
let measured: Record<string, number> | null = null;
let cpu = cpuMeter();

serve(
  { port: (server.address() as AddressInfo).port },
  {
    /** `count` fresh incidents with their desk cards posted; one click (unsigned body) on each. */
    async prepare(count: number) {
      incidents = await register(count);
      const bodies: string[] = [];
      for (const incident of incidents) bodies.push(click(await deskCard(incident)));
      return bodies;
    },
    async begin(profileFile: string | null) {
      cpu = cpuMeter();
      measuring = await measure(profileFile);
      stages?.begin();
    },
    /** The load is over: the loop, GC, statements and stages are counted up to here, not over a
     *  paused worker's drain that follows (its sweep then takes over rows whose lease ran out). */
    async sent() {
      measured = { ...(await measuring?.stop()), ...stages?.end() };
      measuring = null;
    },
    /** After the load: every click's work done, then how many changed their incident. */
    async end() {
      const loop = measured ?? { ...(await measuring?.stop()), ...stages?.end() };
      measuring = null;
      measured = null;
      if (role === 'worker') await drained();
      await bot.settled();
      if (deliver) while (await delivery.tick());
      // Every click's work included (it goes on after the ack), but not the count below.
      const cpuMs = cpu();
      const processed = await countClassified();
      const refused = api.count('chat.postEphemeral');
      api.reset();
      return { ...loop, processed, refused, cpuMs };
    },
  },
  async () => {
    await http.close();
    await bot.stop();
    await storage.close();
    await api.close();
  },
);

/** The event loop's use and delay over the measured run (and a CPU profile when asked). */
async function measure(profileFile: string | null) {
  const profile = profileFile ? await profiler(profileFile)() : null;
  const stopDelivery = deliver ? deliverLoop() : async () => {};
  const elu0 = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const gc = tracing ? gcWatch() : null;
  statements?.take(); // from now
  return {
    async stop() {
      delay.disable();
      const gcSeen = { ...gc?.(), ...statements?.take() };
      const busy = performance.eventLoopUtilization(elu0).utilization;
      await stopDelivery();
      if (profile && profileFile) await profile(profileFile);
      return {
        busy,
        delayP50: delay.percentile(50) / 1e6,
        delayP99: delay.percentile(99) / 1e6,
        delayMax: delay.max / 1e6,
        ...gcSeen,
      };
    },
  };
}

/** Statements this process sent over the run (postgres.js \`unsafe\`, which drizzle uses too):
 *  on the ack connections and on the main pool. */
function countStatements() {
  let ack = 0;
  let main = 0;
  const hook = (orm: unknown, count: (text: unknown) => void) => {
    const client = (orm as { _: { session: { client: { unsafe: (...a: unknown[]) => unknown } } } })._.session
      .client;
    const unsafe = client.unsafe.bind(client);
    client.unsafe = (...a: unknown[]) => {
      count(a[0]);
      return unsafe(...a);
    };
  };
  hook(db.ackOrm, () => {
    ack += 1;
  });
  // The main pool's statements by their text's start: what else this process did during a run.
  const byText = new Map<string, number>();
  hook(db.orm, (text) => {
    main += 1;
    const key = String(text).replace(/\s+/g, ' ').trim().slice(0, 70);
    byText.set(key, (byText.get(key) ?? 0) + 1);
  });
  return {
    take() {
      const out = { statementsAck: ack, statementsMain: main };
      if (main > 0)
        process.stderr.write(
          `slack-ours ${role} main-pool statements since the last count (${new Date().toISOString()}): ${[
            ...byText.entries(),
          ]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([t, n]) => `${n}× ${t}`)
            .join(' | ')}\n`,
        );
      ack = 0;
      main = 0;
      byText.clear();
      return out;
    },
  };
}

/** The worker's run is over once every handed-off click is done (or after two minutes). */
async function drained(): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const rows = await queryRows<{ n: number }>(
      db.orm,
      sql`SELECT count(*)::int AS n FROM inbox WHERE done_at IS NULL`,
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  console.error('slack-ours worker: the inbox was not drained in two minutes');
}

async function register(count: number): Promise<Incident[]> {
  const out: Incident[] = [];
  for (let i = 0; i < count; i += 16) {
    const batch = Array.from({ length: Math.min(16, count - i) }, (_, j) =>
      service.report(
        { title: `Bench incident ${i + j}`, description: 'Printer offline', service: null, severity: 3 },
        reporter,
      ),
    );
    for (const r of await Promise.all(batch)) out.push(r.incident);
  }
  while (await delivery.tick());
  return out;
}

async function deskCard(incident: Incident) {
  const card = await bot.notifier.cardFor(PURPOSE.desk, incident);
  if (!card) throw new Error('no desk card');
  return { ts: '1781000000.000100', blocks: card.blocks };
}

/** The category select of the card's IM2.1 block, the nature chosen before (state.values). */
function click(card: { ts: string; blocks: unknown[] }): string {
  const blocks = card.blocks as {
    type: string;
    block_id?: string;
    elements?: { action_id?: string; type: string }[];
  }[];
  const block = blocks.find((b) => b.block_id?.startsWith('itss:sel:classify:'));
  const select = block?.elements?.find((e) => e.action_id === 'itss:sel:category');
  if (!block?.block_id || !select || !category || !nature) throw new Error('the card has no category select');
  const payload = {
    type: 'block_actions',
    user: { id: agent?.accounts.slack, username: 'agent', name: 'agent', team_id: 'T1' },
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'bench' },
    trigger_id: `${Date.now()}.${randomUUID().slice(0, 6)}`,
    container: { type: 'message', message_ts: card.ts, channel_id: 'CDESK', is_ephemeral: false },
    channel: { id: 'CDESK', name: 'desk' },
    message: { type: 'message', ts: card.ts, blocks: card.blocks },
    state: {
      values: {
        [block.block_id]: {
          'itss:sel:nature': { type: 'static_select', selected_option: { value: nature.id } },
          'itss:sel:category': { type: select.type, selected_option: { value: category.id } },
        },
      },
    },
    actions: [
      {
        type: select.type,
        action_id: select.action_id,
        block_id: block.block_id,
        selected_option: { value: category.id },
        action_ts: nextActionTs(),
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

let actionCounter = 0;
/** Slack's action_ts: seconds with microseconds, different for every click. */
function nextActionTs(): string {
  actionCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(actionCounter).padStart(6, '0')}`;
}

async function countClassified(): Promise<number> {
  let n = 0;
  for (let i = 0; i < incidents.length; i += 50) {
    const batch = await Promise.all(incidents.slice(i, i + 50).map((x) => storage.getIncident(x.id)));
    n += batch.filter((x) => x?.status === 'classified').length;
  }
  return n;
}

/** Delivers the outbox continuously, as the embedded delivery loop does. */
function deliverLoop(): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      if (!(await delivery.tick())) await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** A CPU profile, or (BENCH_HEAP_PROFILE, a .heapprofile file) a sampling allocation profile. */
function profiler(file: string) {
  return file.endsWith('.heapprofile') ? startHeapProfile : startProfile;
}
