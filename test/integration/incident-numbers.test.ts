// Incident numbers run without gaps (db/schema.ts incidentNumbers): across a rolled-back report,
// a redelivered report, concurrent reports, a backend killed mid-report (PostgreSQL), and a clean
// or killed PGlite process reopening its data directory. With nextval('incident_number_seq')
// the PGlite restarts skipped ~33 numbers (WAL pre-logging) and a rollback lost its number.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Actor } from '../../src/core/types.js';
import { testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend, testDatabaseUrl } from '../support/databases.js';

const run = promisify(execFile);
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };
const input = (title: string) => ({ title, description: '', service: null, severity: null });
const sequenceOf = (number: string) => Number(number.split('-').at(-1));

describe.each(backends)('incident numbers without gaps on $name', ({ name, open }) => {
  let backend: OpenBackend;
  let service: TriageService;
  const report = async (title: string, idempotencyKey?: string) =>
    sequenceOf(
      (await service.report(input(title), reporter, idempotencyKey ? { idempotencyKey } : {})).incident
        .number,
    );
  beforeAll(async () => {
    backend = await open();
    service = new TriageService(backend.storage, testConfig());
  });
  afterAll(() => backend.close());

  it('gives a rolled-back report its number back', async () => {
    const first = await report('VPN drops');
    const taken = await backend.storage
      .transaction(async (uow) => {
        await uow.nextIncidentSequenceTakingKey('k-rolled-back');
        throw new Error('the report failed after taking its number');
      })
      .catch((e: Error) => e.message);
    expect(taken).toBe('the report failed after taking its number');
    expect(await report('Printer jams')).toBe(first + 1);
  });

  it('burns no number for a redelivered report', async () => {
    const first = await report('VPN drops', 'k-redelivered');
    expect(await report('VPN drops', 'k-redelivered')).toBe(first);
    expect(await report('Printer jams', 'k-fresh')).toBe(first + 1);
  });

  it('gives concurrent reports distinct consecutive numbers', async () => {
    const before = await report('VPN drops');
    const numbers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => report(`Report ${i}`, i % 2 ? `k-concurrent-${i}` : undefined)),
    );
    expect(numbers.sort((a, b) => a - b)).toStrictEqual(Array.from({ length: 8 }, (_, i) => before + 1 + i));
  });

  it('heals when a pod of the release before 0026 committed a number ahead of the counter', async () => {
    const { number } = (await service.report(input('VPN drops'), reporter)).incident;
    const first = sequenceOf(number);
    // What an old pod's nextval after the migration read the sequence leaves: INC-(first + 1)
    // committed, the counter still at first. Every report then collided with it, forever.
    const ahead = `${number.replace(/[0-9]+$/, '')}${String(first + 1).padStart(6, '0')}`;
    await backend.db.orm.execute(sql`INSERT INTO incidents
      (id, number, version, status, title, description, reporter_id, reporter_name, priority, reported_at)
      VALUES (${`old-pod-${first}`}, ${ahead}, 1, 'new', 't', '', 'slack:U1', 'Wang Fang', 3, now())`);
    expect(await report('Printer jams')).toBe(first + 2);
    expect(await report('Printer jams', 'k-after-heal')).toBe(first + 3);
  });

  it('fails a fresh key clearly, not as an empty replay, when the counter row is missing', async () => {
    const last = await report('VPN drops');
    await backend.db.orm.execute(sql`DELETE FROM incident_numbers`);
    try {
      const outcome = backend.storage.transaction((uow) => uow.nextIncidentSequenceTakingKey('k-no-counter'));
      await expect(outcome).rejects.toThrow('incident_numbers has no row');
    } finally {
      await backend.db.orm.execute(sql`INSERT INTO incident_numbers ("id", "last") VALUES (true, ${last})`);
    }
    expect(await report('Printer jams', 'k-no-counter')).toBe(last + 1);
  });

  // PostgreSQL only (PGlite has no backend to kill): registered there alone, not skipped here.
  if (name === 'postgres')
    it('gives the number of a report whose backend was killed back', async () => {
      const first = await report('VPN drops');
      const connection = { search_path: backend.db.schema as string };
      // Two clients: the victim's connection is the one killed, the other kills it.
      const victim = postgres(testDatabaseUrl, { max: 1, onnotice: () => {}, connection });
      const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
      try {
        const outcome = await victim
          .begin(async (tx) => {
            const [taken] = await tx<{ last: number }[]>`
            UPDATE incident_numbers SET "last" = "last" + 1 RETURNING "last", pg_backend_pid() AS pid`;
            expect(taken?.last).toBe(first + 1);
            await admin`SELECT pg_terminate_backend(${(taken as unknown as { pid: number }).pid})`;
            await tx`SELECT 1`;
          })
          .then(
            () => 'committed',
            (e: { code?: string }) => e.code,
          );
        expect(outcome).toBe('CONNECTION_CLOSED');
      } finally {
        // A bare end() of the killed client sometimes never settled: close without waiting.
        await Promise.all([victim.end({ timeout: 0 }), admin.end({ timeout: 0 })]);
      }
      expect(await report('Printer jams')).toBe(first + 1);
    });
});

describe('incident numbers across PGlite restarts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'itss-numbers-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const childScript = fileURLToPath(new URL('../support/report-child.ts', import.meta.url));
  /** Reports `count` times in a child process on `dir`, which then closes or is killed. */
  const reportInChild = async (count: number, end: 'close' | 'kill') => {
    const out = await run(process.execPath, ['--import', 'tsx', childScript, dir, String(count), end]).then(
      (r) => r.stdout,
      (e: { signal?: string; stdout: string }) => {
        if (end === 'kill' && e.signal === 'SIGKILL') return e.stdout;
        throw e;
      },
    );
    return (JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[]).map(sequenceOf);
  };

  it('numbers run on after a SIGKILL and after a clean close', async () => {
    expect(await reportInChild(2, 'kill')).toStrictEqual([1, 2]);
    expect(await reportInChild(1, 'close')).toStrictEqual([3]);
    expect(await reportInChild(1, 'kill')).toStrictEqual([4]);
    // And in this process, once more after the kill.
    const storage = createStorage(await openDatabase({ dataDir: dir }));
    try {
      const next = await new TriageService(storage, testConfig()).report(input('Printer jams'), reporter);
      expect(sequenceOf(next.incident.number)).toBe(5);
    } finally {
      await storage.close();
    }
  }, 240_000);
});
