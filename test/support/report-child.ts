// Child process for the incident-number restart test: opens PGlite in argv[2], files argv[3]
// reports, prints their numbers (one JSON line), then closes the database ("close") or is killed
// with SIGKILL with the database open ("kill"), as a crash or an OOM kill would end the bot.
import { openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import { TriageService } from '../../src/app/triage-service.js';
import { testConfig } from '../fixtures/config.js';

const [dataDir, count, end] = process.argv.slice(2);
if (!dataDir || !count || (end !== 'close' && end !== 'kill'))
  throw new Error('usage: report-child.ts <dataDir> <count> close|kill');
const storage = createStorage(await openDatabase({ dataDir }));
const service = new TriageService(storage, testConfig());
const reporter = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const numbers: string[] = [];
for (let i = 0; i < Number(count); i++) {
  const input = { title: `VPN drops ${i}`, description: '', service: null, severity: null };
  numbers.push((await service.report(input, reporter)).incident.number);
}
console.log(JSON.stringify(numbers));
if (end === 'kill') process.kill(process.pid, 'SIGKILL');
await storage.close();
