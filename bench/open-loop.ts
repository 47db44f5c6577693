// An open loop: requests leave at fixed arrival times (start + i / rate) whatever the server
// does, and each latency is measured from its scheduled time, not from when it really left, so a
// server that falls behind cannot slow the sender down and hide its queue (coordinated
// omission). One continuous run per measurement: no slices, no recovery pauses. Plus the child
// process a bench target runs in, so the load generator and the server never share a process.
import { type ChildProcess, fork } from 'node:child_process';
import type { Worker as ClusterWorker } from 'node:cluster';
import type { EventEmitter } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface Sample {
  /** Answer time − scheduled send time, ms. */
  latency: number;
  /** Null when the answer was what the bench expected; else why not (grouped in the output). */
  error: string | null;
}

export interface OpenLoopResult {
  samples: Sample[];
  /** Requests planned (rate × seconds). */
  sent: number;
  /** Seconds from the first scheduled send to the last answer. */
  elapsed: number;
  /** Worst lateness of a send behind its schedule, ms: a loaded load generator shows here. */
  sendLagMax: number;
  /** Each request's lateness behind its schedule, ms, in send order (for percentiles). */
  sendLag: number[];
}

/**
 * Calls `fire(i)` at start + i × 1000 / rate ms for `seconds` s; `fire` resolves with null (good)
 * or an error text once the answer is in. Waits for every answer.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  fire: (i: number) => Promise<string | null>,
): Promise<OpenLoopResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  const sendLag: number[] = [];
  for (let i = 0; i < total; ) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      const scheduled = start + i * interval;
      sendLag.push(now - scheduled);
      pending.push(
        fire(i).then(
          (error) => void samples.push({ latency: performance.now() - scheduled, error }),
          (err: unknown) => void samples.push({ latency: performance.now() - scheduled, error: String(err) }),
        ),
      );
      i++;
    }
    const wait = start + i * interval - performance.now();
    await new Promise((r) => (wait > 2 ? setTimeout(r, wait - 1) : setImmediate(r)));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  return { samples, sent: total, elapsed, sendLagMax: Math.max(0, ...sendLag), sendLag };
}

/** Keep-alive HTTP for load generators (no connection setup in the figures). */
export const loadAgent = (): Agent => new Agent({ keepAlive: true, maxSockets: 1024 });

/**
 * The sender's keep-alive connections: `n` of them, opened together before a run by a POST to
 * `url` each (keep `n` under the server's listen backlog, 511 in Node), and never more: requests
 * beyond `n` in flight wait in the sender, their latency still counted from their planned time.
 * Opened on demand instead (`n` = 0: up to 1,024), a burst — the first second at 1,500/s, or a
 * server that fell behind — opened hundreds at once; the server's listen queue overflowed, and
 * each dropped connection's request waited out TCP's retransmission of its SYN (1 s, then 3, 7,
 * 15 s): p99 ≈ 1.1 s on both sides of a Slack round that was otherwise fast (docs/slack.md).
 */
export async function openConnections(url: string, n: number): Promise<Agent> {
  if (n === 0) return loadAgent();
  // maxFreeSockets too: Node keeps only 256 idle sockets by default and would close the rest.
  const agent = new Agent({ keepAlive: true, maxSockets: n, maxFreeSockets: n });
  // All at once: one after the other, each would reuse the connection the one before freed.
  await Promise.all(Array.from({ length: n }, () => post(agent, url, '', {})));
  return agent;
}

/** POST `body`; resolves with the status (0: no answer) and the answer's text, never rejects. */
export function post(
  agent: Agent,
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', (e) => resolve({ status: 0, text: String(e) }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, text: String(e) }));
    req.end(body);
  });
}

/** A bench target in a process of its own, asked things over IPC (`serveTarget` on its side). */
export interface Target {
  port: number;
  ask<T>(what: string, arg?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Forks `file` (TypeScript through tsx, JavaScript as it is) and waits for its `{ port }`. The
 * child answers `{ id, what, arg }` messages with `{ id, result }` or `{ id, error }` (see `serveTarget`).
 */
export function startTarget(
  file: string,
  env: Record<string, string> = {},
  flags: string[] = [],
): Promise<Target> {
  const child = fork(file, [], {
    execArgv: targetExecArgv(file, flags),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return targetOf(child);
}

/** Node's flags for a bench target: tsx only for TypeScript (bench/compiled.ts builds plain JS). */
export const targetExecArgv = (file: string, flags: readonly string[] = []): string[] =>
  file.endsWith('.ts') ? [...flags, '--import', 'tsx'] : [...flags];

export function targetOf(process: ChildProcess | ClusterWorker): Promise<Target> {
  // Both are event emitters with send(): one shape for both.
  const child = process as unknown as EventEmitter & { send(message: object): unknown };
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w || m.id === undefined) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(m.error));
    else w.resolve(m.result);
  });
  const ask = <T>(what: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, what, arg });
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench target exited with ${code} before listening`)));
    const ready = (m: { port?: number }) => {
      if (typeof m.port !== 'number') return;
      child.off('message', ready);
      resolve({ port: m.port, ask, stop: () => ask<void>('stop') });
    };
    child.on('message', ready);
  });
}

/** CPU, event-loop and allocation figures of a process, for per-request costs (see `usageSince`). */
export interface Usage {
  cpuMs: number;
  activeMs: number;
  idleMs: number;
  /** Bytes allocated on the V8 heap since the process started counting (`allocatedBytes`). */
  allocated: number;
  /** Time spent in garbage collections so far (GC profiler cost), ms, and their count. */
  gcMs: number;
  gcCount: number;
  /** The longest collection since the previous read, ms. */
  gcMaxMs: number;
  /** Collections so far by kind: scavenges (young generation) and mark-compacts (whole heap). */
  scavenges: number;
  markCompacts: number;
  /** Time in mark-compacts so far (their pauses), ms. */
  markCompactMs: number;
  /** Bytes scavenges moved into the old generation so far (promoted: a mark-compact finds it dead). */
  promoted: number;
  /** Event-loop delay since the previous read (monitorEventLoopDelay, 10 ms resolution), ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Resident set size now, bytes (what the process costs in memory; a larger young generation shows here). */
  rss: number;
}

export function usageNow(): Usage {
  // BENCH_USAGE_MARKS=1: the reads on stderr, to find a run's window in --trace-gc's output.
  if (process.env.BENCH_USAGE_MARKS)
    process.stderr.write(`[${process.pid}] usage read at ${performance.now().toFixed(0)} ms\n`);
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    activeMs: elu.active,
    idleMs: elu.idle,
    allocated: allocatedBytes(),
    gcMs: gcCostSoFar / 1000,
    gcCount: gcCountSoFar,
    gcMaxMs: takeGcMax() / 1000,
    scavenges: scavengesSoFar,
    markCompacts: markCompactsSoFar,
    markCompactMs: markCompactCostSoFar / 1000,
    promoted: promotedSoFar,
    ...takeLoopDelay(),
    rss: process.memoryUsage.rss(),
  };
}

// The loop's delay as a 10 ms timer sees it (finer would wake an idle loop 1,000 times a second,
// in the syscall and CPU counts); reset at each read, so a run's last read has the run.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
function takeLoopDelay(): { loopDelayP99Ms: number; loopDelayMaxMs: number } {
  const r = { loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 };
  loopDelay.reset();
  return r;
}

// Node 20 has no allocation counter; the heap's growth between collections is one. A GC profiler
// records the used heap before and after each collection; what the heap grew by between the end
// of one and the start of the next was allocated. Restarted on every read (it keeps every GC).
let gcProfiler: GCProfiler | null = null;
let allocatedSoFar = 0;
let usedAtMark = 0;
let gcCostSoFar = 0;
let gcCountSoFar = 0;
let gcMaxSinceRead = 0;
let scavengesSoFar = 0;
let markCompactsSoFar = 0;
let markCompactCostSoFar = 0;
let promotedSoFar = 0;
/** The old generation's used bytes (every space but the young generation's two). */
function oldUsed(spaces: readonly { spaceName: string; spaceUsedSize: number }[]): number {
  let used = 0;
  for (const s of spaces) if (!s.spaceName.startsWith('new_')) used += s.spaceUsedSize;
  return used;
}
function takeGcMax(): number {
  const max = gcMaxSinceRead;
  gcMaxSinceRead = 0;
  return max;
}
function allocatedBytes(): number {
  const stats = gcProfiler?.stop()?.statistics ?? [];
  for (const gc of stats) {
    gcCostSoFar += gc.cost;
    gcCountSoFar += 1;
    gcMaxSinceRead = Math.max(gcMaxSinceRead, gc.cost);
    if (gc.gcType === 'Scavenge' || gc.gcType === 'MinorMarkSweep') {
      scavengesSoFar += 1;
      promotedSoFar += Math.max(
        0,
        oldUsed(gc.afterGC.heapSpaceStatistics) - oldUsed(gc.beforeGC.heapSpaceStatistics),
      );
    } else if (gc.gcType === 'MarkSweepCompact') {
      markCompactsSoFar += 1;
      markCompactCostSoFar += gc.cost;
    }
    allocatedSoFar += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - usedAtMark);
    usedAtMark = gc.afterGC.heapStatistics.usedHeapSize;
  }
  const used = getHeapStatistics().used_heap_size;
  if (gcProfiler) allocatedSoFar += Math.max(0, used - usedAtMark);
  usedAtMark = used;
  gcProfiler = new GCProfiler();
  gcProfiler.start();
  return allocatedSoFar;
}

/**
 * A full collection, so that a measured run starts with no garbage left by what came before it
 * (ours' registration of the run's incidents promotes ~50 MB at 400/s; the bare bots have no such
 * set-up): without it, the first mark-compact of the run, over a heap of ~200 MB, is ours' and
 * lands in the run's tail. The Teams bench's `--settle`; not its default, because V8 then sets
 * its next limit low and a few short mark-compacts follow instead (docs/teams-speed.md, h/teamsgc).
 */
export function settle(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The child side: sends `{ port }`, then answers requests with `handlers[what](arg)`. */
export function serveTarget(port: number, handlers: Record<string, (arg: unknown) => unknown>): void {
  const all: Record<string, (arg: unknown) => unknown> = {
    usage: usageNow,
    pid: () => process.pid,
    settle,
    ...handlers,
  };
  process.on('message', (m: { id: number; what: string; arg?: unknown }) => {
    const handler = all[m.what];
    const reply = (r: object) => process.send?.({ id: m.id, ...r });
    if (m.what === 'stop') {
      Promise.resolve(handler?.(m.arg)).finally(() => {
        reply({ result: null });
        setTimeout(() => process.exit(0), 50);
      });
      return;
    }
    if (!handler) return reply({ error: `unknown request ${m.what}` });
    Promise.resolve()
      .then(() => handler(m.arg))
      .then(
        (result) => reply({ result: result ?? null }),
        (err: unknown) => reply({ error: String(err) }),
      );
  });
  process.send?.({ port });
}
