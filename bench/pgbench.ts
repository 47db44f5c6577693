// A yardstick for our own numbers: what stock pgbench (TPC-B-like) gets from the same server
// right now. Our throughput is then read as a fraction of it, not as an absolute that depends
// on the machine of the day.
import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { clockTicks } from './server-cpu.js';

const run = promisify(execFile);
export interface PgbenchOptions {
  clients: number;
  seconds: number;
  /** pgbench's scale factor (branches): keep it ≥ clients, or the reference queues on one row. */
  scale: number;
  /** A database of its own for the reference (the caller creates it with a unique name). */
  refUrl: string;
  /** Seconds of the same load first, unmeasured (ours gets the same: bench/core.ts `--warmup`). */
  warmupSeconds?: number;
}

export interface PgbenchResult {
  tps: number;
  /** pgbench's own CPU time (user + system) over the measured run, seconds; null if unknown. */
  clientCpuSeconds: number | null;
  raw: string;
}

/**
 * `during` is told when the measured run starts (after the re-initialisation and the warm-up; if
 * it returns a promise, the run waits for it) and awaited when it ends, so a caller can watch the
 * server over exactly that run.
 */
export async function pgbenchReference(
  opts: PgbenchOptions,
  during?: () => (() => Promise<void>) | Promise<() => Promise<void>>,
): Promise<PgbenchResult> {
  checkOptions(opts);
  const bin = findPgbench();
  // Re-initialise every time: tpcb-like grows pgbench_history, so runs would drift otherwise.
  await pgbench(bin, ['-i', '-s', String(opts.scale), '-q', opts.refUrl], 300);
  const jobs = Math.min(opts.clients, 2);
  const load = (seconds: number) => [
    '-c',
    String(opts.clients),
    '-j',
    String(jobs),
    '-T',
    String(seconds),
    opts.refUrl,
  ];
  const warmup = opts.warmupSeconds ?? 0;
  if (warmup > 0) await pgbench(bin, load(warmup), warmup + 120);
  const args = load(opts.seconds);
  const ended = await during?.();
  const raw = await pgbench(bin, args, opts.seconds + 120);
  await ended?.();
  return { tps: parseTps(raw), clientCpuSeconds: parseChildTicks(raw), raw };
}

// pgbench runs under a shell that prints, after it exits, its waited-for children's CPU from
// /proc/self/stat (cutime, cstime: fields 16 and 17), i.e. pgbench's own, exactly. A timeout's
// SIGTERM to the shell is passed on to pgbench.
const WITH_CHILD_CPU =
  'trap \'kill $p 2>/dev/null\' TERM; "$0" "$@" & p=$!; wait $p; s=$?; ' +
  'read -r l < /proc/$$/stat; set -- $l; shift 15; echo "child cpu ticks $1 $2"; exit $s';

function parseChildTicks(output: string): number | null {
  const match = /^child cpu ticks (\d+) (\d+)$/m.exec(output);
  if (!match) return null;
  return (Number(match[1]) + Number(match[2])) / clockTicks();
}

/** pgbench ≥ 14 prints `tps = 1234.56 (without initial connection time)`. */
export function parseTps(output: string): number {
  const match = /^tps = ([\d.]+) \(without initial connection time\)/m.exec(output);
  if (!match?.[1])
    throw new Error(`pgbench output has no "tps = … (without initial connection time)":\n${output}`);
  return Number(match[1]);
}

/** PATH first, then Debian's versioned directories (pgbench is not always linked into /usr/bin). */
export function findPgbench(): string {
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debianDirs = listDir('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => `/usr/lib/postgresql/${v}/bin`);
  for (const dir of [...pathDirs, ...debianDirs]) {
    const candidate = join(dir, 'pgbench');
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(
    'pgbench not found on PATH or under /usr/lib/postgresql/*/bin; install the PostgreSQL server ' +
      'tools (Debian: apt-get install postgresql-15, or postgresql-contrib on older releases)',
  );
}

async function pgbench(bin: string, args: string[], timeoutSeconds: number): Promise<string> {
  try {
    // libpq expands a URI given as the dbname argument, so credentials travel the same way.
    const { stdout, stderr } = await run('sh', ['-c', WITH_CHILD_CPU, bin, ...args], {
      timeout: timeoutSeconds * 1000,
      maxBuffer: 16 << 20,
    });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    const detail = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || e.message;
    throw new Error(`pgbench ${redact(args).join(' ')} failed:\n${detail}`);
  }
}

function checkOptions({ clients, seconds, scale, warmupSeconds = 0 }: PgbenchOptions): void {
  if (!Number.isInteger(warmupSeconds) || warmupSeconds < 0)
    throw new RangeError(`warmupSeconds must be a whole number ≥ 0, got ${warmupSeconds}`);
  if (!Number.isInteger(clients) || clients < 1) throw new RangeError(`clients must be ≥ 1, got ${clients}`);
  if (!Number.isInteger(scale) || scale < 1) throw new RangeError(`scale must be ≥ 1, got ${scale}`);
  if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError(`seconds must be ≥ 1, got ${seconds}`);
}

/** Keeps passwords out of error messages. */
function redact(args: string[]): string[] {
  return args.map((a) => a.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@'));
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
