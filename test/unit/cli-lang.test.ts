// Desk trial (config zh-CN, LANG=C.UTF-8): `report summary` and kb's refusals spoke Chinese while
// report's period errors, "N rows written" and "KB-… is published" spoke English. One rule for
// every operator command now (src/cli/lang.ts): --lang, else the terminal's language, else the
// configuration's locale, else English — and every line of a run follows it.
import { describe, expect, it } from 'vitest';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { ReportService } from '../../src/app/reports/report-service.js';
import { kbCommand } from '../../src/cli/kb-review.js';
import { cliLocale } from '../../src/cli/lang.js';
import { reportCommand } from '../../src/cli/report.js';
import { testConfig } from '../fixtures/config.js';

const HAN = /[\u4e00-\u9fff]/;

describe('the language of an operator command', () => {
  const zhDesk = () => 'zh-CN' as const;
  it('--lang first, then the terminal (LC_ALL, LC_MESSAGES, LANG), then the configuration, then en', () => {
    expect(cliLocale(['--lang', 'en'], zhDesk, { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLocale(['--lang=zh-CN'], () => 'en', { LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(cliLocale([], () => 'en', { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(cliLocale([], zhDesk, { LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLocale([], zhDesk, { LANG: 'C.UTF-8' })).toBe('zh-CN');
    expect(cliLocale(['--lang', 'fr'], zhDesk, { LANG: 'POSIX' })).toBe('zh-CN');
    const broken = () => {
      throw new Error('bad configuration');
    };
    expect(cliLocale([], broken, {})).toBe('en');
  });
});

describe('report: every line in the run’s language', () => {
  const run = async (args: string[], locale: 'en' | 'zh-CN') => {
    const out: string[] = [];
    const code = await reportCommand(args, {
      config: testConfig(),
      locale,
      reports: {} as ReportService,
      exports: {} as never,
      now: new Date('2026-12-07T08:00:00Z'),
      print: (l) => out.push(l),
      write: async () => {},
      fail: (l) => out.push(l),
    });
    return { code, text: out.join('\n') };
  };

  it('a bad period, and a bad --lang, with the usage, in Chinese for a Chinese run', async () => {
    const zh = await run(['summary', 'someday'], 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.text).toMatch(HAN);
    const lang = await run(['summary', '--lang', 'fr'], 'zh-CN');
    expect(lang.code).toBe(2);
    expect(lang.text).toContain('--lang 只能是 en 或 zh-CN');
    expect(lang.text).toContain('用法：npm run report');
  });

  it('and in English for an English run', async () => {
    const en = await run(['summary', 'someday'], 'en');
    expect(en.code).toBe(1);
    expect(en.text).not.toMatch(HAN);
  });
});

describe('kb: the review result and its refusals in one language', () => {
  const entry = { ref: 'KB-000204', status: 'published' };
  const knowledge = { review: async () => entry } as unknown as KnowledgeService;
  const run = async (args: string[], locale: 'en' | 'zh-CN') => {
    const out: string[] = [];
    const code = await kbCommand(args, {
      knowledge,
      config: testConfig(),
      locale,
      print: (l) => out.push(l),
    });
    return { code, out };
  };

  it('publish says so in the run’s language', async () => {
    expect((await run(['publish', 'KB-000204', '--as', 'alice'], 'zh-CN')).out).toEqual([
      'KB-000204 状态：已发布',
    ]);
    expect((await run(['publish', 'KB-000204', '--as', 'alice'], 'en')).out).toEqual([
      'KB-000204 is published',
    ]);
  });

  it('a usage mistake too, with the usage', async () => {
    const zh = await run(['publish', 'KB-000204'], 'zh-CN');
    expect(zh.code).toBe(2);
    expect(zh.out.join('\n')).toMatch(/^publish：必须用 --as 指定人员\n用法：npm run kb/);
    const en = await run(['publish', 'KB-000204', '--as', 'nobody'], 'en');
    expect(en.out[0]).toBe('--as: "nobody" is not a person in the configuration');
  });
});
