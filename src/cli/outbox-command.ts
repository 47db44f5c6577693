// `npm run outbox:failed [-- retry|discard ID… | --all]`: deliveries that failed for good, and
// the operator's answer to them. Without a verb it lists them as JSON (exit 3 when there are
// any, for a monitoring check). `retry` gives the named rows (or all) their attempts back, due
// now; `discard` marks them processed, their error kept — so the outbox gauges and an alert on
// the oldest row clear. Only rows that failed for good change; ids that are not are named.
// The JSON is for scripts and stays as it is; the lines a person reads follow src/cli/lang.ts.
import { MAX_DELIVERY_ATTEMPTS } from '../app/delivery.js';
import type { Storage } from '../app/ports.js';
import type { Locale } from '../core/config.js';
import { t } from '../i18n/index.js';
import type { FailedDelivery } from '../jobs/failed.js';
import { withoutLang } from './lang.js';

export const outboxUsage = (locale: Locale) => t(locale, 'cli.outbox.usage');

export interface OutboxCommandDeps {
  storage: Storage;
  /** The list, with the BullMQ queue's failures too when Redis is configured. */
  list(): Promise<FailedDelivery[]>;
  now: Date;
  locale: Locale;
  print(text: string): void;
  fail(text: string): void;
}

/** Resolves to the exit code: 0 done, 1 some ids were not failed rows, 2 usage, 3 failures listed. */
export async function outboxCommand(args: readonly string[], deps: OutboxCommandDeps): Promise<number> {
  const [verb, ...rest] = withoutLang(args);
  if (verb === undefined) {
    const failed = await deps.list();
    deps.print(JSON.stringify({ count: failed.length, failed }, null, 2));
    return failed.length > 0 ? 3 : 0;
  }
  const ids = rest.length === 1 && rest[0] === '--all' ? 'all' : rest.map(Number);
  const bad = ids !== 'all' && (ids.length === 0 || ids.some((n) => !Number.isSafeInteger(n) || n <= 0));
  if ((verb !== 'retry' && verb !== 'discard') || bad) {
    deps.fail(outboxUsage(deps.locale));
    return 2;
  }
  const done = await deps.storage.settleDeadOutbox(verb, ids, deps.now, MAX_DELIVERY_ATTEMPTS);
  const key = verb === 'retry' ? 'retried' : 'discarded';
  const notFailed = ids === 'all' ? [] : ids.filter((id) => !done.includes(id));
  deps.print(JSON.stringify({ [key]: done, ...(notFailed.length > 0 ? { notFailed } : {}) }, null, 2));
  if (notFailed.length > 0) deps.fail(t(deps.locale, 'cli.outbox.not_failed', { ids: notFailed.join(', ') }));
  return notFailed.length > 0 ? 1 : 0;
}
