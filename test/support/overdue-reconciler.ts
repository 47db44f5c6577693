// A test clock set in minutes from a start, and a Reconciler whose scheduler is never started: a `run()` fires, through the real TimerService,
// exactly what is overdue on the test's clock — deterministic deadlines for scenario tests.
import type { Storage } from '../../src/app/ports.js';
import { TimerService } from '../../src/app/timer-service.js';
import type { Clock } from '../../src/app/triage-service.js';
import type { TriageConfig } from '../../src/core/config.js';
import { EmbeddedTimerScheduler } from '../../src/jobs/embedded-scheduler.js';
import { Reconciler } from '../../src/jobs/timer-relay.js';

export function overdueReconciler(storage: Storage, config: TriageConfig, clock: Clock): Reconciler {
  const timers = new TimerService(storage, config, clock);
  const scheduler = new EmbeddedTimerScheduler({ now: () => clock.now().getTime() });
  return new Reconciler({ storage, config, scheduler, clock }, (id, key, due) => timers.fire(id, key, due), {
    overdueGraceMs: 0,
  });
}

/** A clock the test sets: `at(m)` puts it `m` minutes after `start`. */
export function minuteClock(start: Date): {
  clock: Clock & { current: Date };
  at: (minutes: number) => void;
} {
  const clock = { current: start, now: () => clock.current };
  const at = (minutes: number) => {
    clock.current = new Date(start.getTime() + minutes * 60_000);
  };
  return { clock, at };
}
