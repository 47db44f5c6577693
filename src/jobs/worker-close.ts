// Graceful close of a BullMQ worker, shared by the timer and delivery workers.
import type { Worker } from 'bullmq';

/**
 * Lets jobs in flight finish; past the timeout, closes hard: their locks lapse and another
 * worker's stalled check takes them back (nothing is lost, at worst done by someone else).
 */
export async function closeWorker(worker: Worker, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const closed = await Promise.race([worker.close().then(() => 'closed' as const), timeout]);
  clearTimeout(timer);
  if (closed === 'timeout') await worker.close(true);
}
