// `npm run outbox:failed [-- retry|discard ID… | --all]` (src/cli/outbox-command.ts); in the image,
// `node dist/src/cli/outbox-failed.js …`.
import { openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import { readSettings, redisTarget } from '../app/env.js';
import { listFailed } from '../jobs/module.js';
import { outboxCommand } from './outbox-command.js';

const settings = readSettings(process.env);
const db = await openDatabase(
  settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : { dataDir: settings.dataDir },
);
try {
  const storage = createStorage(db);
  process.exitCode = await outboxCommand(process.argv.slice(2), {
    storage,
    list: () => listFailed(storage, redisTarget(settings), process.env),
    now: new Date(),
    print: (text) => process.stdout.write(`${text}\n`),
    fail: (text) => process.stderr.write(`${text}\n`),
  });
} finally {
  await db.close();
}
