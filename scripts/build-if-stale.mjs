// dist/ brought up to date with the sources: compiled when it is missing or a source file
// (src/, adapters/, db/ and their migrations, the TypeScript and package settings) changed since
// the last build. Used by `npm start` (scripts/start.mjs) and by the benches that measure the
// compiled bot; `node scripts/build-if-stale.mjs` runs it alone. Plain JavaScript on purpose.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = ['src', 'adapters', 'db', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = join('dist', '.built');

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function stale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((p) => existsSync(p) && newestMtime(p) > built);
}

export function buildIfStale() {
  if (!stale()) return false;
  console.error('npm start: compiling the sources to dist/ (once after every change) …');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // tsc copies no .sql: the migrations go next to the compiled db module, as in the Dockerfile.
  cpSync(join('db', 'migrations'), join('dist', 'db', 'migrations'), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale();
