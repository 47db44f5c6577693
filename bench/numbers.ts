// `npm run bench -- numbers [--seconds 5] [--reporters 8]`: reports per second on PostgreSQL
// (DATABASE_URL, default the local test database, in a schema of its own, dropped afterwards)
// with N reporters filing reports back to back. Incident numbers come from one counter row
// locked for the report's whole transaction (db/schema.ts incidentNumbers), so reports queue on
// it; this measures what that allows. Also checks the numbers run 1..n without a gap.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { dropSchema, openDatabase } from '../db/connect.js';
import { createStorage } from '../db/repository.js';
import { TriageService } from '../src/app/triage-service.js';
import { loadConfig } from '../src/config/load.js';

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { seconds: { type: 'string', default: '5' }, reporters: { type: 'string', default: '8' } },
  });
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `t_numbers_${randomBytes(6).toString('hex')}`;
  const storage = createStorage(await openDatabase({ databaseUrl: url, schema }));
  try {
    const service = new TriageService(storage, loadConfig('config/example.en.yaml'));
    const reporter = { id: 'slack:UBENCH', name: 'Bench', roles: [], teams: [] };
    const until = performance.now() + Number(values.seconds) * 1000;
    const numbers: number[] = [];
    const loop = async (r: number) => {
      for (let i = 0; performance.now() < until; i++) {
        const input = { title: `VPN drops ${r}.${i}`, description: '', service: null, severity: null };
        const { incident } = await service.report(input, reporter, { idempotencyKey: `bench-${r}-${i}` });
        numbers.push(Number(incident.number.split('-').at(-1)));
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: Number(values.reporters) }, (_, r) => loop(r)));
    const seconds = (performance.now() - started) / 1000;
    numbers.sort((a, b) => a - b);
    const gapless = numbers.every((n, i) => n === i + 1);
    console.log(
      `${values.reporters} reporters, ${seconds.toFixed(1)} s: ${numbers.length} reports, ` +
        `${(numbers.length / seconds).toFixed(0)} reports/s; numbers 1..${numbers.length} without a gap: ${gapless}`,
    );
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await storage.close();
    await dropSchema(url, schema);
  }
}
