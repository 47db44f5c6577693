// A check a module runs at start and then every so often while the process lives (the calendar
// warning, the scheduled reports): a failed round is logged by its error's name only (people's
// words never reach the log) and the next round tries again.
import type { Logger } from 'pino';
import type { RunningModule } from './app-module.js';

export async function startPeriodic(
  what: string,
  everyMs: number,
  round: () => Promise<unknown>,
  log: Pick<Logger, 'warn'>,
  opts: { awaitFirst?: boolean } = {},
): Promise<RunningModule> {
  let running: Promise<unknown> | null = null;
  // A round still running when the next is due is not doubled (a slow platform, a long outage).
  const check = () => {
    running ??= round()
      .catch((err: unknown) => log.warn({ err: (err as Error).name }, `${what} failed; retried later`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  if (opts.awaitFirst === false) void check();
  else await check();
  const timer = setInterval(check, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
    },
  };
}
