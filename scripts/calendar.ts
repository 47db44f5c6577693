// `npm run calendar -- check | show YEAR`: the business calendar as the bot sees it
// (src/cli/calendar.ts). Reads only the configuration (ITSS_CONFIG), no database.
import { CALENDAR_USAGE, calendarCommand } from '../src/cli/calendar.js';
import { loadConfig } from '../src/config/load.js';

try {
  const config = loadConfig();
  process.exitCode = calendarCommand(process.argv.slice(2), {
    calendar: config.calendar,
    now: new Date(),
    print: (line) => console.log(line),
  });
} catch (e) {
  console.error(e instanceof Error ? e.message : e, `\n${CALENDAR_USAGE}`);
  process.exitCode = 2;
}
