// `npm run bench -- memory [--reports 10000] [--every 1000]`: the bot's RSS as incidents
// accumulate, embedded (PGlite) and on PostgreSQL, each run in its own process
// (bench/memory-ours.mjs, on the compiled bot as `npm start` runs it), next to PGlite alone at rest (bench/start-pglite.mjs).
// Targets (issue 15): embedded ≤ PGlite alone + 120 MB and flat over 10,000 reports;
// on PostgreSQL ≤ 200 MB.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, loadAverage, wholeOption } from './runs.js';
import { startOnce } from './start.js';
import { printTable } from './stats.js';

export async function run(args: string[]): Promise<void> {
  const reports = wholeOption(args, 'reports', 10_000);
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { stdio: 'inherit' });
  const every = wholeOption(args, 'every', 1_000);
  console.log(
    `memory: ${reports} reports, RSS every ${every}; ${cpus().length} CPUs; load average before ${loadAverage()}`,
  );
  const refDir = mkdtempSync(join(tmpdir(), 'bench-mem-ref-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-mem-ours-'));
  const database = await createBenchDatabase('bench_mem');
  try {
    await startOnce('pglite', refDir); // creates its data directory
    const reference = (await startOnce('pglite', refDir)).rssMb;
    const embedded = await runOurs({ dataDir, databaseUrl: '', reports, every });
    const onPostgres = await runOurs({ dataDir, databaseUrl: database.url, reports, every });
    printTable(
      embedded.map(([n, rss], i) => ({
        reports: n,
        'embedded RSS MB': rss,
        'PostgreSQL RSS MB': onPostgres[i]?.[1],
      })),
    );
    const last = (s: [number, number][]) => s[s.length - 1]?.[1] ?? Number.NaN;
    const after1000 = (s: [number, number][]) => s.find(([n]) => n >= 1000)?.[1] ?? Number.NaN;
    printTable([
      {
        'PGlite alone MB': reference,
        'embedded − PGlite at the end MB': last(embedded) - reference,
        'target MB': 120,
        'embedded growth after the first 1,000 MB': last(embedded) - after1000(embedded),
        'on PostgreSQL at the end MB': last(onPostgres),
        'PostgreSQL target MB': 200,
      },
    ]);
  } finally {
    await database.drop();
    rmSync(refDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`load average after ${loadAverage()}`);
}

function runOurs(args: { dataDir: string; databaseUrl: string; reports: number; every: number }) {
  const file = fileURLToPath(new URL('./memory-ours.mjs', import.meta.url));
  const child = fork(file, [JSON.stringify(args)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return new Promise<[number, number][]>((resolve, reject) => {
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{'))
        resolve((JSON.parse(last) as { samples: [number, number][] }).samples);
      else reject(new Error(`bench/memory-ours.mjs exited with ${code}:\n${out}`));
    });
  });
}
