// `npm start`: the bot as compiled JavaScript (dist/), which starts half a second sooner than
// running the TypeScript through tsx. dist/ is rebuilt first whenever it is missing or a source
// changed (scripts/build-if-stale.mjs), so an edit never runs stale code.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
await import(pathToFileURL(join(process.cwd(), 'dist', 'src', 'main', 'main.js')).href);
