// `npm run calendar -- check | show YEAR | recompute`: the business calendar as the bot sees it
// (src/cli/calendar.ts). check and show read only the configuration (ITSS_CONFIG); recompute
// also opens the bot's database (DATABASE_URL, else the PGlite directory DATA_DIR).
import { createStorage } from '../db/repository.js';
import { readSettings } from '../src/app/env.js';
import { TriageService } from '../src/app/triage-service.js';
import { answerHelpOrUnknown } from '../src/cli/args.js';
import { calendarCommand, calendarUsage, recomputeCommand } from '../src/cli/calendar.js';
import { endQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { withDatabase } from '../src/cli/database.js';
import { badLangRefusal, cliLocale, LANG_OPTION, withoutLang } from '../src/cli/lang.js';
import { loadConfig } from '../src/config/load.js';

endQuietlyOnClosedPipe();

async function main(args: readonly string[]): Promise<number> {
  const io = { print: (line: string) => console.log(line), fail: (line: string) => console.error(line) };
  // One language for every line (src/cli/lang.ts), the usage and help included.
  const locale = cliLocale(args, () => loadConfig().locale);
  const badLang = badLangRefusal(args, locale);
  if (badLang !== null) {
    io.fail(badLang);
    return 2;
  }
  const asked = answerHelpOrUnknown(args, LANG_OPTION, calendarUsage(locale), io, locale);
  if (asked !== null) return asked;
  const settings = readSettings(process.env);
  const config = loadConfig(settings.configPath ?? undefined);
  const print = (line: string) => console.log(line);
  const operands = withoutLang(args);
  if (operands.length !== 1 || operands[0] !== 'recompute')
    return calendarCommand(operands, { calendar: config.calendar, now: new Date(), locale, print });
  return withDatabase(settings, (db) => {
    const service = new TriageService(createStorage(db), config);
    return recomputeCommand({
      recomputeProvisionalDeadlines: () => service.recomputeProvisionalDeadlines(),
      locale,
      print,
    });
  });
}

// Usage mistakes are answered above or in calendarCommand (exit 2, with the usage); what reaches
// here is not one (a bad configuration, the data directory held by the running bot): one line,
// exit 1, as report, kb and outbox:failed do.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
