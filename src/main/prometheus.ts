// The Metrics port (src/app/metrics.ts) on prom-client, and GET /metrics in Prometheus' text
// format. Counters and histograms are fed by the use cases as things happen; the outbox backlog
// is read from the database when Prometheus scrapes (one aggregate query), so every instance
// reports the same truth about the shared outbox.
import type express from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../app/metrics.js';
import type { Storage } from '../app/ports.js';

export interface Prometheus {
  metrics: Metrics;
  registry: Registry;
  mount(app: express.Express): void;
}

export function createPrometheus(storage: Pick<Storage, 'outboxBacklog'>): Prometheus {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'itss_' });
  const registers = [registry];
  const http = new Histogram({
    name: 'itss_http_request_duration_seconds',
    help: 'HTTP requests by platform, route and status',
    labelNames: ['platform', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const commands = new Counter({
    name: 'itss_commands_total',
    help: 'Commands by ITSS step, command and outcome (ok, replayed, or the refusal code)',
    labelNames: ['step', 'command', 'outcome'],
    registers,
  });
  const armed = new Counter({ name: 'itss_timers_armed_total', help: 'Deadline timers armed', registers });
  const fired = new Counter({
    name: 'itss_timers_fired_total',
    help: 'Deadline timer wake-ups by outcome (fired, already_fired, stale, early, not_found)',
    labelNames: ['outcome'],
    registers,
  });
  const lateness = new Histogram({
    name: 'itss_timer_lateness_seconds',
    help: 'How late a deadline timer woke after its due instant',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers,
  });
  const breaches = new Counter({
    name: 'itss_breaches_total',
    help: 'Missed deadlines recorded, by deadline',
    labelNames: ['deadline'],
    registers,
  });
  const deliveryFailures = new Counter({
    name: 'itss_delivery_failures_total',
    help: 'Chat deliveries that failed (retried with backoff), by outbox topic',
    labelNames: ['topic'],
    registers,
  });
  const matching = new Histogram({
    name: 'itss_knowledge_match_seconds',
    help: 'IM2.7 knowledge search latency',
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
    registers,
  });
  let backlog: Promise<{ pending: number; oldest: Date | null }> | null = null;
  // Both gauges come from one query per scrape.
  const readBacklog = () => {
    backlog ??= storage.outboxBacklog().finally(() => {
      setImmediate(() => {
        backlog = null;
      });
    });
    return backlog;
  };
  new Gauge({
    name: 'itss_outbox_backlog',
    help: 'Outbox rows not yet processed',
    registers,
    async collect() {
      this.set((await readBacklog()).pending);
    },
  });
  new Gauge({
    name: 'itss_outbox_oldest_age_seconds',
    help: 'Age of the oldest unprocessed outbox row (0 when none)',
    registers,
    async collect() {
      const { oldest } = await readBacklog();
      this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
    },
  });

  const metrics: Metrics = {
    httpRequest: (platform, route, status, seconds) =>
      http.observe({ platform, route, status: String(status) }, seconds),
    command: (step, command, outcome) => commands.inc({ step, command, outcome }),
    timersArmed: (count) => armed.inc(count),
    timerFired: (outcome, late) => {
      fired.inc({ outcome });
      if (outcome === 'fired') lateness.observe(Math.max(0, late));
    },
    breach: (deadline) => breaches.inc({ deadline }),
    deliveryFailed: (topic) => deliveryFailures.inc({ topic }),
    matchSeconds: (seconds) => matching.observe(seconds),
  };

  return {
    metrics,
    registry,
    mount(app) {
      app.get('/metrics', async (_req, res, next) => {
        try {
          res.set('content-type', registry.contentType).send(await registry.metrics());
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
