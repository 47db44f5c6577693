// BENCH_STAGES=1 (`npm run bench -- teams`): where our slow clicks spent their time. Each click is
// timed at its stages' edges (arrival, body parsed, transaction asked, connection reserved,
// incident locked and loaded, decided, committed, card rendered, answer written) by wrapping the
// storage, the renderer and the card's knowledge lookups (its KB version read, then its matches)
// of the bench's process; clicks are told apart by incident (the bench clicks one incident at a
// time), so no async context tracking adds its cost (nothing in src/ or adapters/ knows). Besides,
// a timeline of the process: GC pauses (PerformanceObserver 'gc') and a 1 ms probe timer whose
// lateness shows when the event loop could not run, with the CPU the process used meanwhile (a
// blocked loop that used no CPU was not ours to run: the OS gave the core to someone else).
// Each slow click's window is then laid over that timeline. Diagnostic only: it adds work.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** Stage edges, in the order a command click passes them. */
const EDGES = [
  'arrive',
  'parsed',
  'tx',
  'conn',
  'loaded',
  'decided',
  'committed',
  'render',
  'match',
  'versioned',
  'matched',
  'rendered',
  'sent',
] as const;
type Edge = (typeof EDGES)[number];
type Click = Partial<Record<Edge, number>>;

interface Span {
  start: number;
  end: number;
  /** CPU the process used during the span, ms (probe spans only). */
  cpu?: number;
  /** GC spans: minor (scavenge), major (mark-compact), incremental or weak callbacks. */
  kind?: string;
}

const mark = (click: Click | undefined, edge: Edge) => {
  if (click && click[edge] === undefined) click[edge] = performance.now();
};

let recording = false;
let clicks: Click[] = [];
let gcs: Span[] = [];
let stalls: Span[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 1 });

/** Wraps the process's parts; call once before the first request. */
export function instrument(parts: {
  server: Server;
  teams: { handle(req: never, res: never): Promise<void> };
  storage: { transaction: unknown };
  renderer: { prototype: { render(...args: never[]): Promise<unknown> } };
  knowledge: { cardMatches(...args: never[]): Promise<unknown>; matching: { version(): Promise<unknown> } };
}): void {
  const arrived = new WeakMap<IncomingMessage, number>();
  parts.server.prependListener('request', (req: IncomingMessage) => arrived.set(req, performance.now()));
  const handle = parts.teams.handle.bind(parts.teams) as (
    req: IncomingMessage,
    res: ServerResponse,
  ) => Promise<void>;
  parts.teams.handle = ((req: IncomingMessage & { body?: ClickBody }, res: ServerResponse) => {
    const id = req.body?.value?.action?.data?.i;
    if (!recording || typeof id !== 'string') return handle(req, res);
    const click: Click = { arrive: arrived.get(req) ?? performance.now(), parsed: performance.now() };
    inFlight.set(id, click);
    res.once('finish', () => {
      mark(click, 'sent');
      if (inFlight.get(id) === click) inFlight.delete(id);
      if (recording) clicks.push(click);
    });
    return handle(req, res);
  }) as never;
  const transaction = (parts.storage.transaction as (w: unknown) => Promise<unknown>).bind(parts.storage);
  parts.storage.transaction = ((work: (uow: object) => Promise<unknown>) => {
    if (!recording) return transaction(work);
    const at: Click = { tx: performance.now() };
    const holder: { click?: Click } = {};
    return transaction((uow: object) => {
      at.conn = performance.now();
      return work(timedUnitOfWork(uow, at, holder));
    }).then((r) => {
      mark(holder.click, 'committed');
      return r;
    });
  }) as never;
  const render = parts.renderer.prototype.render;
  parts.renderer.prototype.render = async function (this: unknown, ...args: never[]) {
    const click = answering((args[1] as { id: string } | undefined)?.id);
    mark(click, 'render');
    const r = await render.apply(this, args);
    mark(click, 'rendered');
    return r;
  };
  const k = parts.knowledge;
  const cardMatches = k.cardMatches.bind(k);
  k.cardMatches = async (...args: never[]) => {
    const click = answering((args[0] as { id: string } | undefined)?.id);
    mark(click, 'match');
    versionOf = click;
    const matching = cardMatches(...args);
    versionOf = undefined;
    const r = await matching;
    mark(click, 'matched');
    return r;
  };
  const version = k.matching.version.bind(k.matching);
  k.matching.version = () => {
    const click = versionOf;
    return version().then((v) => {
      mark(click, 'versioned');
      return v;
    });
  };
  new PerformanceObserver((list) => {
    if (!recording) return;
    for (const e of list.getEntries()) {
      const kind = GC_KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      gcs.push({ start: e.startTime, end: e.startTime + e.duration, kind });
    }
  }).observe({ entryTypes: ['gc'] });
}

const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak' };

interface ClickBody {
  value?: { action?: { data?: { i?: unknown } } };
}

/** Clicks being answered, by incident (the bench clicks one incident at a time). */
const inFlight = new Map<string, Click>();
/** The click of this incident once committed: with --deliver, the notifier renders the same
 *  incident's cards too, and those renders before the commit are not the click's answer. */
const answering = (incidentId: string | undefined) => {
  const click = inFlight.get(incidentId ?? '');
  return click?.committed === undefined ? undefined : click;
};
/** The click whose card matches are being looked up, while cardMatches runs synchronously. */
let versionOf: Click | undefined;

/** Locking names the incident, hence the click: the transaction's earlier edges go to it. */
function timedUnitOfWork(uow: object, at: Click, holder: { click?: Click }): object {
  return new Proxy(uow, {
    get(target, prop, receiver) {
      const f = Reflect.get(target, prop, receiver) as unknown;
      if (typeof f !== 'function') return f;
      if (prop === 'lockIncidentTakingKey')
        return (...a: unknown[]) => {
          const click = inFlight.get(a[0] as string);
          if (click) Object.assign(click, at);
          holder.click = click;
          return (f.apply(target, a) as Promise<unknown>).then((r) => {
            mark(click, 'loaded');
            return r;
          });
        };
      if (prop === 'writeChangeAndCommit')
        return (...a: unknown[]) => {
          mark(holder.click, 'decided');
          return f.apply(target, a);
        };
      return f.bind(target);
    },
  });
}

let probe: NodeJS.Timeout | null = null;
export function startStages(): void {
  clicks = [];
  inFlight.clear();
  gcs = [];
  stalls = [];
  recording = true;
  loopDelay.reset();
  loopDelay.enable();
  let last = performance.now();
  let cpu = process.cpuUsage();
  const tick = () => {
    const now = performance.now();
    // Late by more than 2 ms: the loop was held (our work, GC, or the OS ran someone else).
    if (now - last > 3) {
      const used = process.cpuUsage(cpu);
      stalls.push({ start: last, end: now, cpu: (used.user + used.system) / 1000 });
    }
    cpu = process.cpuUsage();
    last = now;
    probe = setTimeout(tick, 1);
  };
  probe = setTimeout(tick, 1);
}

const overlap = (a: number, b: number, spans: Span[]) =>
  spans.reduce((sum, s) => sum + Math.max(0, Math.min(b, s.end) - Math.max(a, s.start)), 0);
/** CPU the process used inside [a, b] during stalls, pro rata. */
const stallCpu = (a: number, b: number) =>
  stalls.reduce((sum, s) => {
    const o = Math.max(0, Math.min(b, s.end) - Math.max(a, s.start));
    return sum + (o > 0 ? ((s.cpu ?? 0) * o) / (s.end - s.start) : 0);
  }, 0);

const STAGE_NAMES: [string, Edge, Edge][] = [
  ['parse', 'arrive', 'parsed'],
  ['adapter', 'parsed', 'tx'],
  ['pool', 'tx', 'conn'],
  ['load', 'conn', 'loaded'],
  ['decide', 'loaded', 'decided'],
  ['commit', 'decided', 'committed'],
  ['view', 'committed', 'render'],
  ['render', 'render', 'rendered'],
  ['of which match', 'match', 'matched'],
  ['of which kb version', 'match', 'versioned'],
  ['respond', 'rendered', 'sent'],
];

export interface StageReport {
  clicks: number;
  loopDelayMs: { p50: number; p99: number; max: number };
  gc: { count: number; totalMs: number; maxMs: number; over5ms: number; byKind: string };
  /** Per group of clicks (all, the slowest 1 %, the slowest 0.1 %): mean ms per stage. */
  groups: Record<string, Record<string, number>>;
}

/** Stops recording and sums: mean ms per stage for all clicks and for the slowest ones. */
export function stopStages(): StageReport {
  recording = false;
  if (probe) clearTimeout(probe);
  loopDelay.disable();
  const done = clicks.filter(
    (c) => c.arrive !== undefined && c.sent !== undefined && c.committed !== undefined,
  );
  const total = (c: Click) => (c.sent as number) - (c.arrive as number);
  done.sort((a, b) => total(a) - total(b));
  const slowest = (share: number) => done.slice(Math.floor(done.length * (1 - share)));
  const inFlight = (c: Click) =>
    done.filter(
      (o) => (o.arrive as number) <= (c.arrive as number) && (o.sent as number) > (c.arrive as number),
    ).length;
  const describe = (group: Click[]) => {
    const mean = (f: (c: Click) => number) => group.reduce((s, c) => s + f(c), 0) / Math.max(1, group.length);
    const row: Record<string, number> = { n: group.length, total: mean(total) };
    // A stage a click did not pass (no KB version read when its command read it) counts 0.
    const span = (c: Click, a: Edge, b: Edge) => (c[a] === undefined || c[b] === undefined ? 0 : c[b] - c[a]);
    for (const [name, a, b] of STAGE_NAMES) row[name] = mean((c) => span(c, a, b));
    const win = (c: Click) => [c.arrive as number, c.sent as number] as const;
    row['of which gc'] = mean((c) => overlap(...win(c), gcs));
    row['loop stalled'] = mean((c) => overlap(...win(c), stalls));
    row['stalled, cpu used'] = mean((c) => stallCpu(...win(c)));
    row['in flight at arrival'] = mean(inFlight);
    return row;
  };
  const ms = (ns: number) => ns / 1e6;
  const pauses = gcs.map((g) => g.end - g.start);
  return {
    clicks: done.length,
    loopDelayMs: {
      p50: ms(loopDelay.percentile(50)),
      p99: ms(loopDelay.percentile(99)),
      max: ms(loopDelay.max),
    },
    gc: {
      count: gcs.length,
      totalMs: pauses.reduce((a, b) => a + b, 0),
      maxMs: Math.max(0, ...pauses),
      over5ms: pauses.filter((p) => p > 5).length,
      byKind: [...new Set(gcs.map((g) => g.kind))]
        .map((kind) => {
          const list = gcs.filter((g) => g.kind === kind);
          const ms = list.map((g) => g.end - g.start).sort((a, b) => a - b);
          const p50 = ms[Math.floor(ms.length / 2)] ?? 0;
          return `${kind} ×${ms.length} p50 ${p50.toFixed(1)} max ${(ms.at(-1) ?? 0).toFixed(1)} ms`;
        })
        .join(', '),
    },
    groups: {
      all: describe(done),
      'median 50%': describe(done.slice(Math.floor(done.length * 0.25), Math.floor(done.length * 0.75))),
      'slowest 1%': describe(slowest(0.01)),
      'slowest 0.1%': describe(slowest(0.001)),
    },
  };
}
