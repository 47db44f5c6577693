// BENCH_SLACK_STAGES=1 for `npm run bench -- slack`: where the slowest acknowledgements of our
// process spent their time. Per request, measured inside the server (performance.now()):
//   read   from Node's 'request' event (headers parsed) to the inbox's admit being called: the
//          body read, Bolt's signature check and parse, the edge's cleaning, the gate;
//   commit from admit called to admit resolved: the wait for a free ack connection (group commit)
//          and the INSERT's round trip including its WAL flush;
//   answer from admit resolved to the response's 'finish' (Bolt's ack, Express, the socket write).
// Beside them, the GC pause time that fell inside each request's [request, finish] and the
// INSERT batches (size, round trip). The summary compares all requests with the slowest 1 %
// (by server time) and with those whose server time was under the p50. What the server cannot
// see (time in the kernel's queues before Node read the request, or after the write) is the
// sender's latency minus the server time: the bench prints both p99s.
import type { Server } from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import { inboxKey } from '../adapters/slack/inbox.js';
import type { InboxStore } from '../src/app/ports.js';

export const staging = process.env.BENCH_SLACK_STAGES === '1';

interface Times {
  start: number;
  admit?: number;
  stored?: number;
  finish?: number;
}

/** Hooks the server, the inbox store's admit and the ack client's queries; off until `begin`. */
export function stagesWatch(
  server: Server,
  store: InboxStore,
  ackClient: { unsafe: (...a: unknown[]) => unknown },
) {
  let on = false;
  let began = 0;
  let beganWall = '';
  const byKey = new Map<string, Times>();
  const done: Times[] = [];
  const gcs: { start: number; end: number }[] = [];
  const batches: Batch[] = [];
  const pending = new WeakMap<object, number>();

  server.prependListener('request', (req, res) => {
    if (!on) return;
    pending.set(req, performance.now());
    res.once('finish', () => {
      const start = pending.get(req);
      const body = (req as unknown as { body?: Record<string, unknown> }).body;
      const key = body && typeof body === 'object' ? inboxKey(body) : null;
      if (start === undefined || !key) return;
      const t = byKey.get(key) ?? { start };
      byKey.delete(key);
      t.start = start;
      t.finish = performance.now();
      done.push(t);
    });
  });
  const admit = store.admit;
  store.admit = async (entry) => {
    if (!on) return admit(entry);
    const t: Times = { start: Number.NaN, admit: performance.now() };
    byKey.set(entry.key, t);
    const fresh = await admit(entry);
    t.stored = performance.now();
    return fresh;
  };
  const unsafe = ackClient.unsafe.bind(ackClient);
  ackClient.unsafe = (...a: unknown[]) => {
    const q = unsafe(...a) as Promise<unknown>;
    if (on) {
      const sent = performance.now();
      void Promise.resolve(q).then(
        () => batches.push({ sent, ms: performance.now() - sent, size: batchSize(a[1]) }),
        () => {},
      );
    }
    return q;
  };
  const obs = new PerformanceObserver((list) => {
    if (on)
      for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  obs.observe({ entryTypes: ['gc'] });

  return {
    begin() {
      on = true;
      began = performance.now();
      beganWall = new Date().toISOString();
      byKey.clear();
      done.length = 0;
      gcs.length = 0;
      batches.length = 0;
    },
    end(): Record<string, number> {
      on = false;
      printSlow(beganWall, began, gcs, batches);
      return summary(done, gcs, batches);
    },
  };
}

type Batch = { sent: number; ms: number; size: number };

/** Clicks in an ADMIT batch: its one parameter is the rows' JSON array. */
function batchSize(params: unknown): number {
  const json = Array.isArray(params) ? params[0] : undefined;
  return typeof json === 'string' ? (json.match(/"platform":/g)?.length ?? 0) : 0;
}

/** When in the run (ms from its start, wall clock of the start) the INSERTs of 40 ms or more
 *  and the GC pauses of 15 ms or more happened, to set beside PostgreSQL's log and the load;
 *  and the batch sizes' distribution. */
function printSlow(wall: string, began: number, gcs: { start: number; end: number }[], batches: Batch[]) {
  const at = (t: number) => Math.round(t - began);
  const slow = batches.filter((b) => b.ms >= 40).map((b) => `${at(b.sent)}+${Math.round(b.ms)}(${b.size})`);
  const long = gcs
    .filter((g) => g.end - g.start >= 15)
    .map((g) => `${at(g.start)}+${Math.round(g.end - g.start)}`);
  const sizes = batches.map((b) => b.size).sort((x, y) => x - y);
  const q = (f: number) => sizes[Math.min(sizes.length - 1, Math.floor(sizes.length * f))] ?? 0;
  process.stderr.write(
    `stages-slow start ${wall}: batch size p50 ${q(0.5)} p90 ${q(0.9)} max ${q(1)}; INSERTs >= 40 ms at ms+ms(size): ${slow.join(' ') || '-'}; GC >= 15 ms at ms+ms: ${long.join(' ') || '-'}\n`,
  );
}

function summary(
  done: Times[],
  gcs: { start: number; end: number }[],
  batches: Batch[],
): Record<string, number> {
  const rows = done
    .filter((t) => t.admit !== undefined && t.stored !== undefined && t.finish !== undefined)
    .map((t) => {
      const finish = t.finish as number;
      let gc = 0;
      for (const g of gcs) gc += Math.max(0, Math.min(g.end, finish) - Math.max(g.start, t.start));
      return {
        total: finish - t.start,
        read: (t.admit as number) - t.start,
        commit: (t.stored as number) - (t.admit as number),
        answer: finish - (t.stored as number),
        gc,
      };
    })
    .sort((a, b) => a.total - b.total);
  if (rows.length === 0) return { stagesSeen: 0 };
  const mean = (xs: typeof rows, k: keyof (typeof rows)[number]) =>
    xs.reduce((s, x) => s + x[k], 0) / (xs.length || 1);
  const tail = rows.slice(Math.floor(rows.length * 0.99));
  const fast = rows.slice(0, Math.floor(rows.length * 0.5));
  const out: Record<string, number> = {
    stagesSeen: rows.length,
    serverP50: rows[Math.floor(rows.length * 0.5)]?.total ?? 0,
    serverP99: rows[Math.floor(rows.length * 0.99)]?.total ?? 0,
    batches: batches.length,
    batchMsMean: batches.reduce((s, b) => s + b.ms, 0) / (batches.length || 1),
    batchMsMax: batches.reduce((m, b) => Math.max(m, b.ms), 0),
    gcPauses: gcs.length,
    gcMs: gcs.reduce((s, g) => s + g.end - g.start, 0),
  };
  for (const k of ['read', 'commit', 'answer', 'gc'] as const) {
    out[`all_${k}`] = mean(rows, k);
    out[`fastHalf_${k}`] = mean(fast, k);
    out[`tail1pct_${k}`] = mean(tail, k);
  }
  return out;
}
