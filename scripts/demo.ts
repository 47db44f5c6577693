// `npm run demo`: try the bot in Microsoft Teams without a workspace or an account. Starts the
// bot with config/demo.yaml on an embedded PGlite database of its own (DATA_DIR, default
// ./.data-demo), imports demo/knowledge.json with the real importer, registers a few sample
// incidents through the real use cases (first run only), then starts the Microsoft 365 Agents
// Playground with .m365agentsplayground.yml, whose people and channels config/demo.yaml names.
// The bot runs unauthenticated (TEAMS_LOCAL=1, 127.0.0.1 only); with MicrosoftAppId set this
// refuses to start rather than weaken a configured bot's authentication.
// PORT (default 3978) is the bot's port, PLAYGROUND_PORT (default 56150) the playground's.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { readSettings } from '../src/app/env.js';
import { type RunningApp, startApp } from '../src/main/compose.js';
import { MODULES } from '../src/main/modules.js';
import { seedDemoIncidents } from './demo-seed.js';

const ROOT = join(import.meta.dirname, '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** The demo's environment: the caller's, with everything that would leave the machine removed. */
export function demoEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.MicrosoftAppId?.trim())
    throw new Error(
      'npm run demo runs an unauthenticated local bot; unset MicrosoftAppId (and the other Microsoft* variables) first',
    );
  const { DATABASE_URL, REDIS_URL, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, ...rest } = env;
  return {
    ...rest,
    ITSS_CONFIG: join(ROOT, 'config', 'demo.yaml'),
    DATA_DIR: env.DATA_DIR || join(ROOT, '.data-demo'),
    TEAMS_LOCAL: '1',
    PORT: env.PORT || '3978',
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

/** Knowledge entries (real importer) and sample incidents (real use cases) into the demo database. */
export async function seedDemo(env: NodeJS.ProcessEnv): Promise<string[]> {
  await run(bin('tsx'), [join(ROOT, 'scripts', 'kb-import.ts'), join(ROOT, 'demo', 'knowledge.json')], env);
  const app = await startApp(readSettings({ ...env, PORT: '0', LOG_LEVEL: 'warn' }), { env, modules: [] });
  try {
    return await seedDemoIncidents(app.service);
  } finally {
    await app.stop();
  }
}

/** The playground, talking to the bot at `botPort`, with the shipped context file. */
export function startPlayground(botPort: number, env: NodeJS.ProcessEnv): ChildProcess {
  const args = ['-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '--dt'];
  args.push('-p', env.PLAYGROUND_PORT || '56150');
  return spawn(bin('agentsplayground'), args, { cwd: ROOT, env, stdio: 'inherit' });
}

async function main(): Promise<void> {
  const env = demoEnv(process.env);
  const seeded = await seedDemo(env);
  if (seeded.length > 0) console.log(`demo: sample incidents ${seeded.join(', ')} registered`);
  const app: RunningApp = await startApp(readSettings(env), { env, modules: MODULES });
  const playground = startPlayground(app.port, env);
  console.log(
    'demo: you are Rui (reporter); switch the user in the playground to Dana (service desk), Sam (network team) or Mei (incident manager)',
  );
  const stop = () => {
    playground.kill('SIGTERM');
    app.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  playground.on('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`demo: the playground exited with ${code}`);
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
