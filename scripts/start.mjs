// `npm start`: the bot as compiled JavaScript (dist/), which starts half a second sooner than
// running the TypeScript through tsx. dist/ is rebuilt first whenever it is missing or a source
// file (src/, adapters/, db/ and their migrations) changed since the last build, so an edit
// never runs stale code. Plain JavaScript itself: nothing has to be compiled to run it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

if (stale()) {
  console.error('npm start: compiling the sources to dist/ (once after every change) …');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // tsc copies no .sql: the migrations go next to the compiled db module, as in the Dockerfile.
  cpSync(join('db', 'migrations'), join('dist', 'db', 'migrations'), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

await import(pathToFileURL(join(process.cwd(), 'dist', 'src', 'main', 'main.js')).href);
