// Deliveries that failed for good: outbox rows whose attempts are used up (kept, pending, with
// their last error) and, with BullMQ, card refreshes that gave up. Shown by
// `npm run outbox:failed` and, when ADMIN_TOKEN is set, GET /admin/outbox/failed.
import { timingSafeEqual } from 'node:crypto';
import type express from 'express';
import { MAX_DELIVERY_ATTEMPTS } from '../app/delivery.js';
import { effectsOf, TOPIC } from '../app/outbox.js';
import type { OutboxRecord, Storage } from '../app/ports.js';

export interface FailedDelivery {
  outboxId: number | null;
  incidentId: string;
  topic: string;
  effect: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string | null;
}

export async function failedDeliveries(storage: Storage, limit = 500): Promise<FailedDelivery[]> {
  const pending = await storage.listOutbox({ pendingOnly: true });
  return pending
    .filter((r) => r.attempts >= MAX_DELIVERY_ATTEMPTS)
    .slice(0, limit)
    .map((r) => ({
      outboxId: r.id,
      incidentId: r.incidentId,
      topic: r.topic,
      effect: effectNames(r),
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
    }));
}

/** GET /admin/outbox/failed, only with `Authorization: Bearer <ADMIN_TOKEN>`. */
export function mountFailedRoute(
  app: express.Express,
  token: string,
  list: () => Promise<FailedDelivery[]>,
): void {
  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/admin/outbox/failed', async (req, res, next) => {
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    try {
      res.set('cache-control', 'no-store').json({ failed: await list() });
    } catch (e) {
      next(e);
    }
  });
}

/** What the row was to deliver: its effect's type, or a change row's types in order. */
function effectNames(row: Pick<OutboxRecord, 'topic' | 'payload'>): string | null {
  if (row.topic === TOPIC.chatChange)
    return effectsOf(row)
      .map((e) => e.type)
      .join(',');
  return typeof row.payload.type === 'string' ? row.payload.type : null;
}
