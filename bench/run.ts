// `npm run bench -- <name> [args…]`: runs bench/<name>.ts's exported `run(args)`.
// A new benchmark registers here, in one place; names outside this list are never imported.

const benchmarks = {
  core: 'complete IM2 paths through the use cases on PostgreSQL, with pgbench as the reference',
  teams:
    'Teams card clicks (adaptiveCard/action) on /api/messages at 50/100/200 per s, next to a bare botbuilder bot',
  slack:
    'signed Slack clicks, continuous open loop against /slack/events; ours and bare Bolt in processes of their own, interleaved, --repeat (bench/slack.ts)',
  kb: 'knowledge matching: quality on the dev/test split, latency at 1k and 100k entries (bench/kb.ts)',
  start:
    'embedded start: npm start to the first 200 on /healthz, and RSS, next to PGlite alone (bench/start.ts)',
  memory:
    'RSS as 10,000 incidents accumulate, embedded and on PostgreSQL, next to PGlite alone (bench/memory.ts)',
  reports:
    "a month's report and the desk queue over 1,000,000 generated incidents, or PGlite at 100,000 (bench/reports.ts)",
  recompute:
    'the start-up recompute of provisional deadlines over 1,000 / 10,000 open incidents, on a private database (bench/recompute.ts)',
  numbers:
    'reports/s with 8 concurrent reporters on PostgreSQL: what the incident-number counter row allows (bench/numbers.ts)',
  timers: 'deadline timers: lateness, Redis bytes per timer, worker RSS vs bare BullMQ (bench/timers.ts)',
} as const satisfies Record<string, string>;

type BenchmarkName = keyof typeof benchmarks;

interface BenchmarkModule {
  run(args: string[]): Promise<void> | void;
}

function usage(): string {
  const width = Math.max(...Object.keys(benchmarks).map((n) => n.length));
  const lines = Object.entries(benchmarks).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`);
  return ['usage: npm run bench -- <name> [args…]', '', 'benchmarks:', ...lines].join('\n');
}

function isBenchmark(name: string): name is BenchmarkName {
  return Object.hasOwn(benchmarks, name);
}

async function load(name: BenchmarkName): Promise<BenchmarkModule> {
  // `.js` like every relative import here; tsx resolves it to the `.ts` source.
  const mod: Partial<BenchmarkModule> = await import(`./${name}.js`).catch((err: { code?: string }) => {
    if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new Error(`benchmark "${name}" is registered in bench/run.ts but bench/${name}.ts is missing`, {
      cause: err,
    });
  });
  if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts does not export run(args)`);
  return mod as BenchmarkModule;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  if (!isBenchmark(name)) {
    console.error(`unknown benchmark "${name}"\n\n${usage()}`);
    return 2;
  }
  const bench = await load(name);
  await bench.run(args);
  return 0;
}

// exitCode, not exit(): piped stdout is flushed asynchronously and exit() could cut it short.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
