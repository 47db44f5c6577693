// `npm run outbox:failed`: prints, as JSON, every delivery that failed for good (dead outbox rows
// with their last error; with REDIS_URL also card refreshes the notify queue gave up on).
// Exit code 0 when there are none, 3 when there are (usable in a monitoring check).
import { openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import { readSettings, redisTarget } from '../app/env.js';
import { listFailed } from '../jobs/module.js';

const settings = readSettings(process.env);
const db = await openDatabase(
  settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : { dataDir: settings.dataDir },
);
try {
  const failed = await listFailed(createStorage(db), redisTarget(settings), process.env);
  process.stdout.write(`${JSON.stringify({ count: failed.length, failed }, null, 2)}\n`);
  process.exitCode = failed.length > 0 ? 3 : 0;
} finally {
  await db.close();
}
