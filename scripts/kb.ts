// `npm run kb -- drafts | list | show REF | publish REF --as PERSON | retire REF --as PERSON`:
// reviewing the knowledge base (src/cli/kb-review.ts). Same database and configuration as the
// bot: DATABASE_URL (else the PGlite directory DATA_DIR, default ./.data) and ITSS_CONFIG.
import { createStorage } from '../db/repository.js';
import { readSettings } from '../src/app/env.js';
import { TriageService } from '../src/app/triage-service.js';
import { answerHelpOrUnknown } from '../src/cli/args.js';
import { endQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { withDatabase } from '../src/cli/database.js';
import { KB_OPTIONS, KB_USAGE, kbCommand } from '../src/cli/kb-review.js';
import { loadConfig } from '../src/config/load.js';
import { knowledgeService } from '../src/main/compose.js';

endQuietlyOnClosedPipe();

async function main(): Promise<number> {
  const io = { print: (line: string) => console.log(line), fail: (line: string) => console.error(line) };
  const asked = answerHelpOrUnknown(process.argv.slice(2), KB_OPTIONS, KB_USAGE, io);
  if (asked !== null) return asked;
  const settings = readSettings(process.env);
  const config = loadConfig(settings.configPath ?? undefined);
  return withDatabase(settings, (db) => {
    const knowledge = knowledgeService(db, new TriageService(createStorage(db), config));
    return kbCommand(process.argv.slice(2), { knowledge, config, print: (line) => console.log(line) });
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
