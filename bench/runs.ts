// What every bench that compares runs needs: whole-number options, the machine's load average
// (printed before and after, so a noisy run shows), the median of repeated rounds, and a
// database of its own on the shared server (unique per run, dropped at the end).
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { postgresTarget } from '../db/postgres-url.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `--name N`, a whole number ≥ `min` (1 unless said), or `fallback`. */
export function wholeOption(args: readonly string[], name: string, fallback: number, min = 1): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} expects ${min === 1 ? 'a positive whole number' : `a whole number ≥ ${min}`}`);
  return value;
}

/** "1.20 0.80 0.40": the 1, 5 and 15 minute load averages. */
export const loadAverage = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** `prefix_<pid>_<random>` on the shared server, so two runs never collide. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const target = postgresTarget(DATABASE_URL);
  const admin = () => postgres(target.url, { max: 1, onnotice: () => {}, ...target.options });
  const sql = admin();
  await sql.unsafe(`CREATE DATABASE "${name}"`);
  await sql.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const s = admin();
      await s.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await s.end();
    },
  };
}

/** This process's CPU time (user + system) from now, in ms: the work a side did, whatever the
 *  machine's load did to its latency. */
export function cpuMeter(): () => number {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
}
