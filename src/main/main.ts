// Entry point: `npm start` (all roles), `npm start -- --role=web|worker`.

import { DataDirLockedError } from '../../db/data-dir-lock.js';
import { DatabaseUnreachableError } from '../../db/reach.js';
import { checkStartArgs, EnvError, readSettings, UsageError } from '../app/env.js';
import { ListenError } from '../app/http.js';
import { ConfigError } from '../config/load.js';
import { startApp } from './compose.js';
import { MODULES } from './modules.js';

/** Startup problems the operator can fix get their message and exit 1, not a stack trace. */
const KNOWN = [EnvError, ConfigError, DataDirLockedError, DatabaseUnreachableError, ListenError];

async function main(): Promise<void> {
  checkStartArgs(process.argv.slice(2));
  const settings = readSettings(process.env, process.argv.slice(2));
  const app = await startApp(settings, { modules: MODULES });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      // The operator's second Ctrl-C or `kill`: they have waited long enough.
      app.log.warn({ signal }, 'second signal: exiting without finishing the shutdown');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Every step of stop() is bounded; this is the backstop should one still hang.
    const limitMs = shutdownLimitMs(settings.shutdownDrainMs ?? 0, process.env);
    setTimeout(() => {
      app.log.error({ limitMs }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, limitMs).unref();
    app.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        app.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Reload the configuration file (src/app/config-reload.ts); a bad file changes nothing.
  process.on('SIGHUP', () => {
    app.log.info('SIGHUP: reloading the configuration');
    app
      .reloadConfig()
      .catch((e: unknown) => app.log.error({ err: (e as Error).name }, 'configuration reload failed'));
  });
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** The drain, HTTP's 10 s, the jobs' SHUTDOWN_TIMEOUT_MS + 5 s, the queues' and the pool's 5 s
 *  each, and 5 s to spare for the unbounded steps (loops, Redis quit) (docs/operations.md, Shutdown). */
function shutdownLimitMs(drainMs: number, env: NodeJS.ProcessEnv): number {
  const jobsMs = Number(env.SHUTDOWN_TIMEOUT_MS?.trim() || 10_000);
  return drainMs + 10_000 + (Number.isFinite(jobsMs) ? jobsMs : 10_000) + 20_000;
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(e.message);
    process.exit(2);
  }
  const known = KNOWN.some((type) => e instanceof type);
  console.error(known ? (e as Error).message : e);
  process.exit(1);
});
