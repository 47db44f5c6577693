import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { calendarCommand } from '../../src/cli/calendar.js';
import type { CalendarConfig, Locale } from '../../src/core/config.js';
import { testCalendar } from '../fixtures/config.js';

function run(
  args: string[],
  calendar: CalendarConfig = testCalendar(),
  now = '2026-12-04T00:00:00Z',
  locale: Locale = 'en',
) {
  const lines: string[] = [];
  const code = calendarCommand(args, { calendar, now: new Date(now), locale, print: (l) => lines.push(l) });
  return { code, out: lines.join('\n') };
}

describe('npm run calendar -- check', () => {
  it('fails a month before a year without official holidays, naming it', () => {
    const { code, out } = run(['check']);
    expect(code).toBe(1);
    expect(out).toContain('official data: 2004–2026');
    expect(out).toMatch(/^2026 {2}official/m);
    expect(out).toMatch(/^2027 {2}PROVISIONAL/m);
    expect(out).toContain('ATTENTION: 2027 within 31 days');
  });

  it('passes earlier in the year, still showing next year as provisional', () => {
    const { code, out } = run(['check'], testCalendar(), '2026-06-01T00:00:00Z');
    expect(code).toBe(0);
    expect(out).toMatch(/^2027 {2}PROVISIONAL/m);
  });

  it('passes once the operator covers the year', () => {
    const { code, out } = run(['check'], testCalendar({ extraCoveredYears: [2027] }));
    expect(code).toBe(0);
    expect(out).toMatch(/^2027 {2}operator/m);
  });

  it('passes for a calendar without public holidays', () => {
    expect(run(['check'], testCalendar({ holidays: 'none' })).code).toBe(0);
  });
});

describe('npm run calendar -- show YEAR', () => {
  it('lists the rule holidays of a provisional year with their source', () => {
    const { code, out } = run(['show', '2027']);
    expect(code).toBe(0);
    expect(out).toContain('2027-02-06 Sat  day off         provisional rule Spring Festival');
    expect(out.split('\n').filter((l) => l.includes('provisional rule'))).toHaveLength(13);
    expect(out).not.toMatch(/^\S+ \w+ +make-up workday/m);
  });

  it('lists official holidays and make-up workdays, and operator days over them', () => {
    const cal = testCalendar({ extraHolidays: ['2026-06-08'], extraWorkdays: ['2026-10-07'] });
    const { out } = run(['show', '2026'], cal);
    expect(out).toContain('2026-02-14 Sat  make-up workday official');
    expect(out).toContain('2026-10-01 Thu  day off         official         National Day');
    expect(out).toMatch(/^2026-06-08 Mon {2}day off +operator$/m);
    expect(out).toMatch(/^2026-10-07 Wed {2}make-up workday operator$/m);
  });

  it('answers bad arguments with the usage and exit code 2', () => {
    expect(run(['show', '27']).code).toBe(2);
    expect(run(['frobnicate']).out).toBe(
      'usage: npm run calendar -- check | show YEAR | recompute   [--lang en|zh-CN]',
    );
  });
});

describe('npm run calendar in Chinese (src/cli/lang.ts)', () => {
  const HAN = /[\u4e00-\u9fff]/;
  const zh = (args: string[], calendar = testCalendar()) =>
    run(args, calendar, '2026-12-04T00:00:00Z', 'zh-CN');

  it('check: every line in Chinese, setting names as typed', () => {
    const { code, out } = zh(['check']);
    expect(code).toBe(1);
    expect(out).toContain('官方数据：2004–2026 年');
    expect(out).toMatch(/^2027 {2}暂定：/m);
    expect(out).toContain('注意：31 天内的 2027 年没有官方节假日');
    expect(out).toContain('calendar.extra_covered_years');
    for (const line of out.split('\n')) expect(line).toMatch(HAN);
    expect(out).not.toMatch(/PROVISIONAL|ATTENTION|official data/);
  });

  it('show: days, kinds, sources and names in Chinese, columns lined up by display width', () => {
    const { out } = zh(['show', '2027']);
    expect(out).toContain('2027-02-06 周六  休息日          暂定规则         春节');
    const cal = testCalendar({ extraWorkdays: ['2026-10-07'] });
    const official = zh(['show', '2026'], cal).out;
    expect(official).toContain('2026-10-01 周四  休息日          官方             国庆节');
    expect(official).toContain('2026-10-07 周三  调休上班日      运维补充');
    expect(official).not.toMatch(/day off|National Day|operator/);
  });

  it('the usage in Chinese', () => {
    expect(zh(['frobnicate']).out).toContain('用法：npm run calendar');
  });
});

describe('the script', () => {
  it('reads the configuration; a configuration error is said without the usage, exit 1', () => {
    // A terminal that names no language: the configuration's (a zh-CN desk) is the run's.
    const quiet = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8' };
    const res = spawnSync('npx', ['tsx', 'scripts/calendar.ts', 'show', '2027'], {
      env: { ...quiet, ITSS_CONFIG: 'config/example.zh-CN.yaml' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('2027-10-01 周五  休息日');
    const en = spawnSync('npx', ['tsx', 'scripts/calendar.ts', 'show', '--lang', 'en', '2027'], {
      env: { ...quiet, ITSS_CONFIG: 'config/example.zh-CN.yaml' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(en.status).toBe(0);
    expect(en.stdout).toContain('2027-10-01 Fri  day off');
    const bad = spawnSync('npx', ['tsx', 'scripts/calendar.ts', 'check'], {
      env: { ...quiet, ITSS_CONFIG: 'no/such/file.yaml' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // A configuration error is not a usage mistake: its problems, no usage, exit 1 (like report, kb).
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('no/such/file.yaml: cannot read the configuration file');
    expect(bad.stderr).not.toContain('usage');
  }, 90_000);
});
