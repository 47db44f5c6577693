// Page rendering (src/app/web): people's words never become markup, and the report page renders
// figures it has never heard of by their shape (PeriodReport grows additively).
import { describe, expect, it } from 'vitest';
import type { PeriodReport } from '../../src/app/reports/report-model.js';
import { html, jsonScript } from '../../src/app/web/html.js';
import { reportValueNames } from '../../src/app/web/report-names.js';
import { chartData, filterOptions, reportPage } from '../../src/app/web/report-page.js';
import { testConfig } from '../fixtures/config.js';
import { fullReport } from '../fixtures/report.js';

describe('html tagged template', () => {
  it('escapes every interpolated string, but not markup it built itself', () => {
    const title = `<img src=x onerror=alert(1)> & "quoted" 'single'`;
    const inner = html`<b>${title}</b>`;
    const escaped = '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;single&#39;';
    expect(html`<p title="${title}">${inner}</p>`.text).toBe(`<p title="${escaped}"><b>${escaped}</b></p>`);
  });

  it('joins arrays and drops null, undefined and false', () => {
    expect(html`${['<a>', html`<i>x</i>`]}${null}${undefined}${false}${0}`.text).toBe('&lt;a&gt;<i>x</i>0');
  });

  it('keeps embedded JSON from closing its script element', () => {
    const out = jsonScript('d', { t: '</script><script>alert(1)</script>' }).text;
    expect(out).not.toContain('</script><script>');
    expect(JSON.parse(out.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, ''))).toEqual({
      t: '</script><script>alert(1)</script>',
    });
  });
});

describe('report page', () => {
  const row = {
    priority: 2,
    reported: 3,
    responded: 2,
    resolved: 1,
    responseMetPercent: 50,
    resolutionMetPercent: null,
    mttaElapsedMinutes: 12.5,
  };
  const report = {
    period: { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') },
    filter: {},
    byPriority: [row],
    total: row,
    // Figures the page has no label for: shown under their own names, by shape.
    satisfaction: { novelScore: 4.5, novelTable: [{ score: 5, count: 2 }] },
  } as unknown as PeriodReport;

  it('renders unknown figures by shape and escapes the period text', () => {
    const page = reportPage({
      frame: { locale: 'en' },
      timeZone: 'UTC',
      periodText: '"><script>',
      rangeText: null,
      report,
      error: null,
    }).text;
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;"');
    expect(page).toContain('data-figure="satisfaction"');
    expect(page).toMatch(/<dt>novelScore<\/dt><dd>4\.5<\/dd>/);
    expect(page).toContain('data-figure="novelTable"');
  });

  it('charts counts as bars and percentages as lines, leaving durations to the table', () => {
    const data = chartData('zh-CN', report);
    expect(data.categories).toEqual(['二级']);
    expect(data.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['报告数', 'bar', [3]],
      ['已响应', 'bar', [2]],
      ['已解决', 'bar', [1]],
      ['响应达标率 %', 'line', [50]],
      ['解决达标率 %', 'line', [null]],
    ]);
  });
});

describe('report page with every figure the report has', () => {
  const cfg = testConfig();
  const page = (locale: 'en' | 'zh-CN') =>
    reportPage({
      frame: { locale },
      timeZone: cfg.calendar.timeZone,
      periodText: 'month',
      rangeText: 'x',
      report: fullReport(),
      error: null,
      names: reportValueNames(cfg, locale),
    }).text;
  const headings = (text: string) =>
    [...text.matchAll(/<(th|dt|h2|h3)[^>]*>([^<]*)<\/\1>/g)].map((m) => m[2] ?? '');

  it("labels every figure in the reader's language, never by its field name", () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const names = headings(page(locale));
      expect(names.length).toBeGreaterThan(40);
      // A field name is one camelCase word: a label is not.
      expect(names.filter((n) => /^[a-z]+[A-Za-z]*$/.test(n))).toEqual([]);
    }
    expect(headings(page('zh-CN'))).toEqual(expect.arrayContaining(['拒绝原因', '评分分布', '按团队']));
  });

  it('names ids and codes as the configuration and catalogs do, and hides the running sums', () => {
    const text = page('zh-CN');
    expect(text).toContain('<td>VPN</td>');
    expect(text).toContain('<td>网络组</td>');
    expect(text).toContain('<td>二级</td>');
    expect(text).toContain('<td>不足 1 天</td>');
    // The platform volume names the platform as the filter does, not its stored id.
    expect(text).toMatch(/data-figure="platform"[\s\S]*?<td>Slack<\/td>/);
    expect(text).not.toContain('<td>slack</td>');
    expect(text).toContain('<th scope="col">★★★★★</th>');
    expect(text).not.toMatch(/Sum</);
  });
});

describe('report page instants and empty keys (operator trial)', () => {
  const cfg = testConfig();
  const withEmptyKeys = () => {
    const r = fullReport();
    r.volumes.team.push({ key: null, count: 2 });
    r.volumes.closure.push({ key: null, count: 3 });
    return r;
  };
  const page = (locale: 'en' | 'zh-CN') =>
    reportPage({
      frame: { locale },
      timeZone: cfg.calendar.timeZone,
      periodText: '2026-11',
      rangeText: 'x',
      report: withEmptyKeys(),
      error: null,
      names: reportValueNames(cfg, locale),
    }).text;

  it("shows the backlog's as-of in the desk's zone with its offset, as the queue shows deadlines", () => {
    // The period ends 2026-12-01T00:00Z: 08:00 in Shanghai, never the bare UTC "00:00".
    expect(page('en')).toMatch(/<dd>Tue 1 Dec 2026 08:00 UTC\+8<\/dd>/);
    expect(page('zh-CN')).toMatch(/<dd>2026-12-01 08:00 UTC\+8<\/dd>/);
    expect(page('en')).not.toContain('2026-12-01 00:00');
  });

  it('names an empty key "none yet" as docs/reports.md does, not "n/a"', () => {
    const en = page('en');
    expect(en).toMatch(/<tr><td>none yet<\/td><td>2<\/td><\/tr>/);
    expect(en).toMatch(/<tr><td>none yet<\/td><td>3<\/td><\/tr>/);
    expect(en).not.toMatch(/<td>n\/a<\/td><td>\d/);
    expect(page('zh-CN')).toMatch(/<tr><td>尚无<\/td><td>2<\/td><\/tr>/);
  });
});

describe('report page filters', () => {
  it('offers every configured value by name, keeps the choice, and exports what is shown', () => {
    const cfg = testConfig();
    const names = reportValueNames(cfg, 'zh-CN');
    const text = reportPage({
      frame: { locale: 'zh-CN' },
      timeZone: cfg.calendar.timeZone,
      periodText: '2026-11',
      rangeText: 'x',
      report: fullReport(),
      error: null,
      names,
      filters: { options: filterOptions(cfg, names), given: { team: 'network', priority: '2' } },
    }).text;
    expect(text).toContain('<select name="team">');
    expect(text).toContain('<option value="network" selected>网络组</option>');
    expect(text).toContain('<option value="2" selected>二级</option>');
    expect(text).toContain('<option value="vpn">VPN</option>');
    expect(text).toContain('<option value="">全部</option>');
    expect(text).toContain('/web/export/incidents.csv?period=2026-11&amp;team=network&amp;priority=2');
  });
});
