// The compiled bot (dist/, tsc's output) bundled into dist/bundle/ with esbuild: what `npm start`
// and the Docker image run. Node spends about half of a start resolving and loading modules —
// hundreds of files (ours, drizzle, zod, express's dependencies) — and one file loads in a
// fraction of that. Plain JavaScript on purpose; called by scripts/build-if-stale.mjs. tsc's
// output stays next to it: it type-checks the build, and tools and benches import its modules.
//
// Kept external (loaded from node_modules at run time, as before):
// - packages with native code or files found next to their module: PGlite (wasm and data),
//   @node-rs/jieba, msgpackr (BullMQ's), pino (its transports run in worker threads by file);
// - packages loaded on demand only when their platform or Redis is configured: the Slack and
//   Teams SDKs, nodemailer, BullMQ and ioredis — bundling them would only enlarge the build.
// Our own on-demand modules (a chat adapter's start, the Redis jobs, a database driver) become
// chunks of their own, still loaded only when needed.
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const BUNDLE_DIR = join('dist', 'bundle');

export const EXTERNAL = [
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  '@node-rs/jieba',
  'msgpackr',
  'pino',
  'pino-pretty',
  '@slack/*',
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  'nodemailer',
  'bullmq',
  'ioredis',
];

// CommonJS packages bundled into an ES module still call require() for Node's built-ins.
export const BANNER =
  "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);";

/**
 * esbuild's options for a bundle of `entryPoints` into `outdir`, as `npm start` runs it (the
 * benches build their server processes with the same ones, bench/compiled.ts).
 */
export function bundleOptions(entryPoints, outdir) {
  return {
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    chunkNames: 'chunk-[hash]',
    logLevel: 'warning',
  };
}

/** db/migrate.ts finds the migrations next to its module: in a bundle, next to its entry files. */
export function copyMigrations(outdir, root = '.') {
  cpSync(join(root, 'db', 'migrations'), join(outdir, 'migrations'), { recursive: true });
}

export function bundle() {
  rmSync(BUNDLE_DIR, { recursive: true, force: true }); // no chunk of an earlier build stays
  // Required here, not imported above: `npm start` loads this file on every start, esbuild only to build.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  buildSync(bundleOptions({ main: join('dist', 'src', 'main', 'main.js') }, BUNDLE_DIR));
  copyMigrations(BUNDLE_DIR);
}
