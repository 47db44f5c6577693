// `npm start`: the bot as compiled JavaScript bundled into a few files (dist/bundle/, see
// scripts/bundle.mjs), which starts sooner than tsc's hundreds of files and much sooner than
// running the TypeScript through tsx. dist/ is rebuilt first whenever it is missing or a source
// changed (scripts/build-if-stale.mjs), so an edit never runs stale code.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
await import(pathToFileURL(join(process.cwd(), 'dist', 'bundle', 'main.js')).href);
