// `npm run report` as an operator meets it, on a PGlite data directory with the example
// configuration: the summary in either language, the CSV export (BOM, header, one row per
// incident, Chinese intact), and clear refusals for a bad period or filter.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { createStorage } from '../../db/repository.js';
import { TriageService } from '../../src/app/triage-service.js';
import { loadConfig } from '../../src/config/load.js';
import type { Actor } from '../../src/core/types.js';

const exec = promisify(execFile);
const CONFIG = 'config/example.en.yaml';
const MONTH = '2026-06';

describe('report command', { timeout: 120_000 }, () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-cli-'));
    dataDir = join(dir, 'data');
    const config = loadConfig(CONFIG);
    const db = await openDatabase({ dataDir });
    let now = new Date('2026-06-08T09:00:00+08:00');
    const service = new TriageService(createStorage(db), config, { now: () => now });
    const alice: Actor = { id: 'alice', name: 'Alice', roles: ['agent'], teams: [] };
    const reporter: Actor = { id: 'slack:U1', name: '王芳', roles: [], teams: [] };
    for (const [title, via] of [
      ['打印机卡纸，无法打印', 'teams'],
      ['VPN drops, "every" 10 min', 'slack'],
    ] as const) {
      const { incident } = await service.report(
        { title, description: '', service: null, severity: null, reportedVia: via },
        reporter,
      );
      now = new Date(now.getTime() + 10 * 60_000);
      await service.execute(
        incident.id,
        { type: 'classify', nature: 'fault', category: 'network.vpn' },
        alice,
      );
    }
    await db.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function report(args: string[]) {
    try {
      const out = await exec(process.execPath, ['--import', 'tsx', 'scripts/report.ts', ...args], {
        env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, ITSS_CONFIG: CONFIG },
      });
      return { code: 0, stdout: out.stdout, stderr: out.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  it('prints the summary in English or Chinese', async () => {
    const en = await report(['summary', MONTH]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Service levels 2026-06-01 – 2026-06-30');
    expect(en.stdout).toMatch(/Reported: 2\b/);
    const zh = await report(['summary', MONTH, '--lang', 'zh-CN', '--platform', 'teams']);
    expect(zh.stdout).toContain('服务水平报表');
    expect(zh.stdout).toMatch(/登记：1\b/);
  });

  it('exports incidents as CSV that Excel opens: BOM, CRLF, Chinese and quotes intact', async () => {
    const file = join(dir, 'incidents.csv');
    const r = await report(['export', 'incidents', MONTH, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe(`2 rows written to ${file}`);
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^number,id,reported_at,reported_via,status,/);
    expect(lines).toHaveLength(4); // header, two incidents, the final line end
    expect(lines[1]).toContain('打印机卡纸，无法打印');
    expect(lines[2]).toContain('"VPN drops, ""every"" 10 min"');
    expect(lines[1]).toMatch(/,teams,classified,fault,network\.vpn,/);
  });

  it('exports the audit trail of the period', async () => {
    const r = await report(['export', 'audit', MONTH]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toMatch(/^\d+ rows written to standard output$/); // stdout: the CSV alone
    const lines = r.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('number,event_id,at,step,action,actor_id,actor_name,payload');
    expect(lines.filter((l) => l.includes(',IM2.1,classified,'))).toHaveLength(2);
  });

  it('refuses a bad period or filter, saying what is accepted', async () => {
    const period = await report(['summary', 'fortnight']);
    expect(period.code).toBe(1);
    expect(period.stderr).toContain('is not a period: use week, month');
    const team = await report(['summary', MONTH, '--team', 'nope']);
    expect(team.code).toBe(1);
    expect(team.stderr).toContain('Please check “Team”: “nope” is not one of network');
  });
});
