// The bench's server processes as production runs the bot: plain JavaScript, bundled by esbuild
// with the options of `npm start`'s bundle (scripts/bundle.mjs: ESM, node20, the same packages
// kept external, its require banner), not TypeScript through tsx, whose keepNames defines a name
// on every named closure made per call (~0.9 % of our busy samples, docs/teams-speed.md). Ours
// and the references are built by one call, alike, so neither pays a transpiler the other does
// not. Built from the sources (esbuild reads tsconfig.json), not from tsc's dist/: one step, and
// the same emit for both sides. A linked source map is written beside each file for reading CPU
// profiles; nothing loads it at run time. `--tsx` in the benches runs the sources as before.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
// @ts-expect-error: plain JavaScript without declarations (scripts/bundle.mjs)
import { bundleOptions, copyMigrations } from '../scripts/bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CompiledTargets {
  /** name → the bundled entry file. */
  files: Record<string, string>;
  /** Removes the bundle (each run builds its own: two benches at once never share one). */
  remove(): void;
}

/**
 * Bundles bench/<name>.ts for each name into a fresh directory of its own under dist/ (or
 * `dir`): inside the project, so the packages kept external resolve from its node_modules.
 */
export function compileTargets(names: readonly string[], dir?: string): CompiledTargets {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const out = dir ?? mkdtempSync(join(ROOT, 'dist', 'bench-'));
  const entries = Object.fromEntries(names.map((n) => [n, join(ROOT, 'bench', `${n}.ts`)]));
  try {
    buildSync({ ...bundleOptions(entries, out), sourcemap: 'linked' });
    copyMigrations(out, ROOT);
  } catch (err) {
    rmSync(out, { recursive: true, force: true });
    throw err;
  }
  return {
    files: Object.fromEntries(names.map((n) => [n, join(out, `${n}.js`)])),
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
