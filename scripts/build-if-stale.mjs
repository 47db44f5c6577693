// dist/ brought up to date with the sources: compiled (tsc) and bundled (scripts/bundle.mjs)
// when it is missing or a source file (src/, adapters/, db/ and their migrations, the TypeScript
// and package settings, these build scripts) changed since the last build. Used by `npm start`
// (scripts/start.mjs) and by the benches that measure the compiled bot; `node
// scripts/build-if-stale.mjs` runs it alone, `--always` builds even when nothing changed
// (`npm run build`, the Dockerfile). Plain JavaScript on purpose.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const SOURCES = [
  'src',
  'adapters',
  'db',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  join('scripts', 'build-if-stale.mjs'),
  join('scripts', 'bundle.mjs'),
];
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
  build();
  return true;
}

export function build() {
  rmSync(STAMP, { force: true }); // an interrupted build is stale
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // tsc copies no .sql: the migrations go next to the compiled db module, as in the Dockerfile.
  cpSync(join('db', 'migrations'), join('dist', 'db', 'migrations'), { recursive: true });
  bundle();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--always')) build();
  else buildIfStale();
}
