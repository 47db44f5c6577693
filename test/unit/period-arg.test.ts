import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_PERIOD_DAYS, parsePeriod } from '../../src/app/reports/period-arg.js';
import type { DomainError } from '../../src/core/errors.js';
import { errorMessage } from '../../src/i18n/index.js';
import { testConfig } from '../fixtures/config.js';

const TZ = 'Asia/Shanghai';
// Thursday 2026-12-03 10:00 in Shanghai.
const now = new Date('2026-12-03T10:00:00+08:00');
const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe('report periods, in the desk time zone', () => {
  it('week is this Monday to next Monday; the default', () => {
    const week = ['2026-11-29T16:00:00.000Z', '2026-12-06T16:00:00.000Z'];
    expect(iso(parsePeriod('week', now, TZ))).toEqual(week);
    expect(iso(parsePeriod(undefined, now, TZ))).toEqual(week);
    expect(iso(parsePeriod('last-week', now, TZ))).toEqual([
      '2026-11-22T16:00:00.000Z',
      '2026-11-29T16:00:00.000Z',
    ]);
  });

  it('months, including across the year end', () => {
    expect(iso(parsePeriod('month', now, TZ))).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
    ]);
    expect(iso(parsePeriod('2026-01', now, TZ))).toEqual([
      '2025-12-31T16:00:00.000Z',
      '2026-01-31T16:00:00.000Z',
    ]);
    const jan = new Date('2027-01-05T10:00:00+08:00');
    expect(iso(parsePeriod('last-month', jan, TZ))).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-31T16:00:00.000Z',
    ]);
  });

  it('the period words in Chinese read as the English ones, one parser for every platform', () => {
    expect(iso(parsePeriod('本周', now, TZ))).toEqual(iso(parsePeriod('week', now, TZ)));
    expect(iso(parsePeriod('上周', now, TZ))).toEqual(iso(parsePeriod('last-week', now, TZ)));
    expect(iso(parsePeriod('本月', now, TZ))).toEqual(iso(parsePeriod('month', now, TZ)));
    expect(iso(parsePeriod(' 上月 ', now, TZ))).toEqual(iso(parsePeriod('last-month', now, TZ)));
    // The zh-CN refusal names the Chinese words.
    try {
      parsePeriod('下月', now, TZ);
      expect.unreachable();
    } catch (err) {
      expect(errorMessage('zh-CN', err as DomainError)).toMatch(/本周、上周、本月、上月/);
    }
  });

  it('a range includes both days', () => {
    expect(iso(parsePeriod('2026-11-01..2026-11-03', now, TZ))).toEqual([
      '2026-10-31T16:00:00.000Z',
      '2026-11-03T16:00:00.000Z',
    ]);
  });

  it('anything else is refused, naming what is accepted', () => {
    for (const bad of [
      'fortnight',
      '2026-13',
      '2026-02-30..2026-03-01',
      '2026-11-05..2026-11-01',
      '2020-01-01..2026-01-01',
    ]) {
      expect(() => parsePeriod(bad, now, TZ)).toThrowError(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    }
  });
});

describe('which chat words ask for the report', () => {
  it('reports / 报表 with or without a period; report only with a period', async () => {
    const { reportRequest } = await import('../../src/app/reports/chat-report.js');
    expect(reportRequest('reports')).toBe('');
    expect(reportRequest('报表 last-month')).toBe('last-month');
    expect(reportRequest('report 2026-11')).toBe('2026-11');
    expect(reportRequest('report 2026-11-01..2026-11-15')).toBe('2026-11-01..2026-11-15');
    expect(reportRequest('Report WEEK')).toBe('WEEK');
    expect(reportRequest('报表 本月')).toBe('本月');
    expect(reportRequest('报告 上周 P1')).toBe('上周 P1');
    // Reporting an incident keeps its words.
    expect(reportRequest('report')).toBeNull();
    expect(reportRequest('report printer broken')).toBeNull();
    expect(reportRequest('report printer')).toBeNull();
    expect(reportRequest('printer broken')).toBeNull();
  });

  it('takes filters after the period, and words that are not filters stay an incident', async () => {
    const { reportRequest } = await import('../../src/app/reports/chat-report.js');
    expect(reportRequest('reports month team=network P2')).toBe('month team=network P2');
    expect(reportRequest('报表 team=network')).toBe('team=network');
    expect(reportRequest('report last-month category=vpn')).toBe('last-month category=vpn');
    expect(reportRequest('report P1')).toBe('P1');
    expect(reportRequest('reports are slow today')).toBeNull();
    expect(reportRequest('report printer team=network')).toBeNull();
  });
});

describe('report filters, one reading for chat, web and the command line', () => {
  it('reads priority as 1–4 or P1–P4 and configured ids in any case', async () => {
    const { filterWords, parseFilter } = await import('../../src/app/reports/filter-arg.js');
    const cfg = testConfig();
    expect(parseFilter(filterWords(['P2', 'Team=Network', 'category=vpn', 'platform=TEAMS']), cfg)).toEqual({
      priority: 2,
      team: 'network',
      category: 'vpn',
      platform: 'teams',
    });
    expect(parseFilter({ priority: '4', nature: '', team: undefined }, cfg)).toEqual({ priority: 4 });
  });

  it('refuses an unknown value with the accepted ones, and a word that is no filter', async () => {
    const { filterWords, parseFilter } = await import('../../src/app/reports/filter-arg.js');
    const cfg = testConfig();
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return errorMessage('en', err as DomainError);
      }
      return 'accepted';
    };
    expect(refusal(() => parseFilter({ team: 'nope' }, cfg))).toMatch(
      /^Please check “Team”: “nope” is not one of .*network/,
    );
    expect(refusal(() => parseFilter({ priority: 'P5' }, cfg))).toContain('is not one of 1, 2, 3, 4');
    expect(refusal(() => parseFilter({ colour: 'red' }, cfg))).toContain('is not a filter');
    expect(refusal(() => filterWords(['network']))).toContain('“network” is not a filter');
  });
});

describe('the longest period', () => {
  it('is the one docs/web.md tells the report page’s readers: 400 days, both days included', () => {
    expect(MAX_PERIOD_DAYS).toBe(400);
    expect(() => parsePeriod('2025-01-01..2026-02-04', now, TZ)).not.toThrow(); // 400 days
    expect(() => parsePeriod('2025-01-01..2026-02-05', now, TZ)).toThrow(); // 401
    const web = readFileSync('docs/web.md', 'utf8');
    expect(web).toContain(`at most ${MAX_PERIOD_DAYS} days`);
  });
});
