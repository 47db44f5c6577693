// A notice sent once across processes and restarts (the calendar warning, scheduled reports, a
// configuration reload's outcome): claimed in once_notices before sending and marked sent after.
// A failed send throws and keeps its claim until it goes stale, so a later check — here or in
// another process — sends it again; a claim another process holds is left to it.

import type { Storage } from './ports.js';
import type { Clock } from './triage-service.js';

export interface OnceDeps {
  storage: Pick<Storage, 'claimOnceNotice' | 'markOnceNoticeSent'>;
  clock: Clock;
}

/** True when this call sent it; false when someone else holds the claim or sent it already. */
export async function sendOnce(
  deps: OnceDeps,
  key: string,
  retryAfterMs: number,
  send: () => Promise<void>,
): Promise<boolean> {
  const now = deps.clock.now();
  if (!(await deps.storage.claimOnceNotice(key, now, new Date(now.getTime() - retryAfterMs)))) return false;
  await send();
  await deps.storage.markOnceNoticeSent(key, deps.clock.now());
  return true;
}
