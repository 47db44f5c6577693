// `npm run kb -- drafts | list | show REF | publish REF --as PERSON | retire REF --as PERSON`:
// reviewing the knowledge base (src/cli/kb-review.ts). Same database and configuration as the
// bot: DATABASE_URL (else the PGlite directory DATA_DIR, default ./.data) and ITSS_CONFIG.
import { createStorage } from '../db/repository.js';
import { readSettings } from '../src/app/env.js';
import { TriageService } from '../src/app/triage-service.js';
import { answerHelpOrUnknown } from '../src/cli/args.js';
import { endQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { withDatabase } from '../src/cli/database.js';
import { KB_OPTIONS, kbCommand, kbUsage } from '../src/cli/kb-review.js';
import { badLangRefusal, cliLocale } from '../src/cli/lang.js';
import { loadConfig } from '../src/config/load.js';
import { knowledgeService } from '../src/main/compose.js';

endQuietlyOnClosedPipe();

async function main(): Promise<number> {
  const io = { print: (line: string) => console.log(line), fail: (line: string) => console.error(line) };
  const args = process.argv.slice(2);
  // One language for every line (src/cli/lang.ts), the usage and help included.
  const locale = cliLocale(args, () => loadConfig().locale);
  const badLang = badLangRefusal(args, locale);
  if (badLang !== null) {
    io.fail(badLang);
    return 2;
  }
  const asked = answerHelpOrUnknown(args, KB_OPTIONS, kbUsage(locale), io, locale);
  if (asked !== null) return asked;
  const settings = readSettings(process.env);
  const config = loadConfig(settings.configPath ?? undefined);
  return withDatabase(settings, (db) => {
    const knowledge = knowledgeService(db, new TriageService(createStorage(db), config));
    return kbCommand(args, { knowledge, config, locale, print: (line) => console.log(line) });
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
