// One run of `npm run bench -- memory`, in its own process and on the compiled bot (dist/, as
// `npm start` runs it; plain JavaScript so no TypeScript loader sits in the measured memory):
// the bot composed as `npm start` composes it — embedded PGlite in a fresh data directory, or
// PostgreSQL when DATABASE_URL is given — then `reports` incidents reported and classified
// through the use cases, RSS sampled every `every` reports after a garbage collection.
// One JSON line on stdout.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';

const dist = (path) => import(pathToFileURL(join(process.cwd(), 'dist', path)).href);
const { readSettings } = await dist('src/app/env.js');
const { actorById } = await dist('src/app/identity.js');
const { startApp } = await dist('src/main/compose.js');
const { MODULES } = await dist('src/main/modules.js');

const rssMb = () => {
  globalThis.gc?.();
  return Math.round(process.memoryUsage().rss / 1048576);
};

async function main(a) {
  const env = {
    ...process.env,
    DATABASE_URL: a.databaseUrl,
    DATA_DIR: a.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ITSS_CONFIG: 'config/example.en.yaml',
    REDIS_URL: '',
  };
  const app = await startApp(readSettings(env), { env, modules: MODULES, log: pino({ level: 'error' }) });
  const desk = actorById(app.config, 'alice');
  const samples = [[0, rssMb()]];
  try {
    for (let n = 1; n <= a.reports; n++) {
      const reporter = { id: `bench-reporter-${n % 50}`, name: 'Bench', roles: [], teams: [] };
      const input = {
        title: `VPN drops every hour ${n}`,
        description: 'Since this morning',
        service: null,
        severity: null,
      };
      const { incident } = await app.service.report(input, reporter, { idempotencyKey: randomUUID() });
      await app.service.execute(
        incident.id,
        { type: 'classify', nature: 'fault', category: 'network.vpn' },
        desk,
      );
      if (n % a.every === 0) samples.push([n, rssMb()]);
    }
  } finally {
    await app.stop();
  }
  return { samples };
}

main(JSON.parse(process.argv[2] ?? '{}')).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
