// `npm run outbox:failed [-- retry|discard ID… | --all]` (src/cli/outbox-command.ts); in the image,
// `node dist/src/cli/outbox-failed.js …`.
import { createStorage } from '../../db/repository.js';
import { readSettings, redisTarget } from '../app/env.js';
import { loadConfig } from '../config/load.js';
import { listFailed } from '../jobs/module.js';
import { answerHelpOrUnknown } from './args.js';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { withDatabase } from './database.js';
import { badLangRefusal, cliLocale, LANG_OPTION } from './lang.js';
import { outboxCommand, outboxUsage } from './outbox-command.js';

endQuietlyOnClosedPipe();

const print = (text: string) => process.stdout.write(`${text}\n`);
const fail = (text: string) => process.stderr.write(`${text}\n`);

async function main(args: readonly string[]): Promise<number> {
  // One language for every line a person reads (src/cli/lang.ts), the usage and help included.
  const locale = cliLocale(args, () => loadConfig().locale);
  const badLang = badLangRefusal(args, locale);
  if (badLang !== null) {
    fail(badLang);
    return 2;
  }
  const options = { all: { type: 'boolean' }, ...LANG_OPTION } as const;
  const asked = answerHelpOrUnknown(args, options, outboxUsage(locale), { print, fail }, locale);
  if (asked !== null) return asked;
  const settings = readSettings(process.env);
  return withDatabase(settings, (db) => {
    const storage = createStorage(db);
    return outboxCommand(args, {
      storage,
      list: () => listFailed(storage, redisTarget(settings), process.env),
      now: new Date(),
      locale,
      print,
      fail,
    });
  });
}

// A problem the operator can fix (the data directory held by the running bot, a bad setting)
// is one line, as in `npm run kb`.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    fail(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  },
);
