// Ack first, work after: every listener acks at once and hands its work to this helper, which
// tracks it (shutdown and tests wait for it) and logs what fails instead of crashing. The ack is
// safe to give early: the request is already in the inbox (inbox.ts), which finishes it after a
// crash.
import { codesOnly } from '../../src/app/log.js';
import type { SlackContext } from './context.js';

export function afterAck(ctx: SlackContext, what: string, work: () => Promise<void>): Promise<void> {
  return ctx.tracker.run(async () => {
    try {
      await work();
    } catch (err) {
      ctx.log.error({ err: codesOnly(err) }, `slack: ${what} failed`);
    }
  });
}
