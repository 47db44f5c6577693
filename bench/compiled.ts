// The bench's server processes as production runs the bot: plain JavaScript, bundled by esbuild
// with the options of `npm start`'s bundle (scripts/bundle.mjs: ESM, node20, the same packages
// kept external, its require banner), not TypeScript through tsx, whose keepNames defines a name
// on every named closure made per call (~0.9 % of our busy samples, docs/teams-speed.md). Ours
// and the references are built by one call, alike, so neither pays a transpiler the other does
// not. Built from the sources (esbuild reads tsconfig.json), not from tsc's dist/: one step, and
// the same emit for both sides. A linked source map is written beside each file for reading CPU
// profiles; nothing loads it at run time. `--tsx` in the benches runs the sources as before.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
// @ts-expect-error: plain JavaScript without declarations (scripts/bundle.mjs)
import { BANNER, EXTERNAL } from '../scripts/bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const COMPILED_DIR = join(ROOT, 'dist', 'bench');

/** Bundles bench/<name>.ts for each name into `dir`/<name>.js (dist/bench); returns name → file. */
export function compileTargets(names: readonly string[], dir = COMPILED_DIR): Record<string, string> {
  rmSync(dir, { recursive: true, force: true });
  buildSync({
    entryPoints: Object.fromEntries(names.map((n) => [n, join(ROOT, 'bench', `${n}.ts`)])),
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL as string[],
    banner: { js: BANNER as string },
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // db/migrate.ts finds the migrations next to its module, as in scripts/bundle.mjs.
  cpSync(join(ROOT, 'db', 'migrations'), join(dir, 'migrations'), { recursive: true });
  return Object.fromEntries(names.map((n) => [n, join(dir, `${n}.js`)]));
}
