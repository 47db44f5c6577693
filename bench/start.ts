// `npm run bench -- start [--repeat 5] [--fresh]`: embedded start, launch → first 200 on
// /healthz, and the process tree's RSS then (and the same at the first 200 on /readyz, once the
// warm-up is done), for `npm start` (what the README tells people to
// run: no DATABASE_URL, so PGlite in DATA_DIR) against PGlite alone on the same kind of data
// directory (bench/start-pglite.mjs, plain JavaScript: no loader in its way). Each in its own process tree, interleaved (ours, reference,
// ours …). Without --fresh both open a data directory that already has data (a restart);
// with it both start on an empty directory (a first start).
// Targets (issue 15): existing ≤ PGlite + 1 s; fresh ≤ PGlite + 1.5 s; RSS ≤ PGlite + 120 MB.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAverage, median, wholeOption } from './runs.js';
import { printTable } from './stats.js';

interface Options {
  repeat: number;
  fresh: boolean;
}

interface Sample {
  /** Launch → first 200 on /healthz (the process answers, its database is open). */
  ms: number;
  rssMb: number;
  /** Launch → first 200 on /readyz (the warm-up done: src/app/warm-up.ts), and the RSS then. */
  readyMs: number;
  readyRssMb: number;
}

const COMMANDS = {
  ours: ['npm', ['start', '--silent']],
  pglite: [process.execPath, ['bench/start-pglite.mjs']],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

type Who = keyof typeof COMMANDS;

function parse(args: string[]): Options {
  return { repeat: wholeOption(args, 'repeat', 5), fresh: args.includes('--fresh') };
}

export async function run(args: string[]): Promise<void> {
  const o = parse(args);
  const dirs: Record<Who, string> = {
    ours: mkdtempSync(join(tmpdir(), 'bench-start-ours-')),
    pglite: mkdtempSync(join(tmpdir(), 'bench-start-ref-')),
  };
  console.log(
    `start: ${o.fresh ? 'fresh' : 'existing'} data directory, ${o.repeat} rounds; ${cpus().length} CPUs; load average before ${loadAverage()}`,
  );
  const samples: Record<Who, Sample[]> = { ours: [], pglite: [] };
  try {
    // Existing data: one unmeasured start creates it (and warms the OS file cache for both).
    if (!o.fresh) for (const who of ['ours', 'pglite'] as const) await startOnce(who, dirs[who]);
    for (let round = 0; round < o.repeat; round++) {
      for (const who of ['ours', 'pglite'] as const) {
        if (o.fresh) rmSync(dirs[who], { recursive: true, force: true });
        samples[who].push(await startOnce(who, dirs[who]));
      }
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  const med = (who: Who, k: keyof Sample) => median(samples[who].map((s) => s[k]));
  printTable(
    (['ours', 'pglite'] as const).map((who) => ({
      what: who === 'ours' ? 'npm start (embedded)' : 'PGlite alone',
      'runs (ms)': samples[who].map((s) => Math.round(s.ms)).join(' '),
      'median ms': med(who, 'ms'),
      'median RSS MB': med(who, 'rssMb'),
      'ready ms': med(who, 'readyMs'),
      'ready RSS MB': med(who, 'readyRssMb'),
    })),
  );
  const target = o.fresh ? 1500 : 1000;
  printTable([
    {
      'ours − PGlite, ms': med('ours', 'ms') - med('pglite', 'ms'),
      'target ms': target,
      'ours − PGlite, RSS MB': med('ours', 'rssMb') - med('pglite', 'rssMb'),
      'target MB': 120,
      'ready: ours − PGlite, ms': med('ours', 'readyMs') - med('pglite', 'readyMs'),
      'ready: RSS MB': med('ours', 'readyRssMb') - med('pglite', 'readyRssMb'),
    },
  ]);
  console.log(`load average after ${loadAverage()}`);
}

export async function startOnce(who: Who, dataDir: string): Promise<Sample> {
  const port = await freePort();
  const [cmd, argv] = COMMANDS[who];
  const started = performance.now();
  const child = spawn(cmd, [...argv], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group: npm's children go with it
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  try {
    await untilOk(port, '/healthz', child, () => stderr);
    const ms = performance.now() - started;
    const rssMb = treeRssKb(child.pid as number) / 1024;
    await untilOk(port, '/readyz', child, () => stderr);
    const readyMs = performance.now() - started;
    return { ms, rssMb, readyMs, readyRssMb: treeRssKb(child.pid as number) / 1024 };
  } finally {
    await stop(child);
  }
}

async function untilOk(port: number, path: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before ${path}:\n${log()}`);
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no 200 on ${path} within 120 s:\n${log()}`);
}

/** RSS of the process and all its descendants (npm → node), from /proc. */
function treeRssKb(root: number): number {
  const kids = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const rss = (pid: number): number => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    total += rss(pid);
    queue.push(...kids(pid));
  }
  return total;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-(child.pid as number), 'SIGTERM');
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
