import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/core/config.js';
import { DomainError } from '../../src/core/errors.js';
import { CLOSURE_CODES, STATUSES, STEP_CODES } from '../../src/core/types.js';
import {
  ACTIONS,
  catalogs,
  DEADLINE_STATES,
  DOMAIN_ERROR_CODES,
  errorMessage,
  formatClockDuration,
  formatDateTime,
  formatDuration,
  isMessageKey,
  label,
  t,
  tCount,
} from '../../src/i18n/index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const enKeys = Object.keys(catalogs.en);

describe('catalogs', () => {
  it('have the same keys, none empty', () => {
    for (const locale of LOCALES) {
      expect(Object.keys(catalogs[locale]).sort()).toEqual([...enKeys].sort());
      for (const [key, text] of Object.entries(catalogs[locale]))
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of enKeys) {
      if (!isMessageKey(key)) throw new Error(key);
      expect(placeholders(catalogs['zh-CN'][key]), key).toEqual(placeholders(catalogs.en[key]));
    }
  });

  it('have Chinese text in the Chinese catalog', () => {
    const untranslated = Object.entries(catalogs['zh-CN']).filter(
      // format.label is punctuation only: its Chinese is the full-width colon.
      ([key, text]) =>
        !/[\u4e00-\u9fff]/.test(text) && !key.startsWith('priority.') && key !== 'format.label',
    );
    expect(untranslated).toEqual([]);
  });

  it.each([
    ['status', STATUSES],
    ['step', STEP_CODES],
    ['closure', CLOSURE_CODES],
    ['error', DOMAIN_ERROR_CODES],
    ['action', ACTIONS],
    ['deadline.state', DEADLINE_STATES],
  ] as const)('name every %s', (prefix, values) => {
    for (const v of values) expect(isMessageKey(`${prefix}.${v}`), `${prefix}.${v}`).toBe(true);
  });

  it('use the seed names for the steps', () => {
    expect(t('zh-CN', 'step.IM2.1')).toBe('确认事件性质与分类');
    expect(t('en', 'step.IM2.1')).toBe('Confirm nature and category');
    expect(t('zh-CN', 'step.IM2.11')).toBe('选择二线人员并分派事件');
    expect(t('zh-CN', 'step.IM1')).toBe('事件登记');
    expect(t('zh-CN', 'step.IM3.1')).toBe('事件调查与诊断');
    expect(t('zh-CN', 'step.IM4.1')).toBe('事件解决与恢复');
    expect(t('zh-CN', 'step.IM5.1')).toBe('事件关闭');
    expect(CLOSURE_CODES.map((c) => t('zh-CN', `closure.${c}`))).toEqual([
      '成功解决',
      '变通方法解决',
      '不成功',
      '重复',
      '用户撤销',
    ]);
  });
});

describe('t', () => {
  it('fills placeholders', () => {
    expect(t('en', 'error.already_done', { by: 'Alice' })).toBe('Already done by Alice.');
    // No space between Chinese and a Chinese name; a Latin one keeps its spaces.
    expect(t('zh-CN', 'error.already_done', { by: '张伟' })).toBe('已由张伟处理。');
    expect(t('zh-CN', 'error.already_done', { by: 'Alice' })).toBe('已由 Alice 处理。');
    expect(t('en', 'notice.deadlines_provisional', { years: 2027 })).toContain('holidays for 2027 are not');
  });

  it('leaves a missing parameter visible', () => {
    expect(t('en', 'reporter.assigned', { number: 'INC-000001' })).toBe(
      'INC-000001 has been passed to {team}.',
    );
    expect(t('zh-CN', 'error.already_done')).toBe('已由 {by} 处理。');
  });

  it('picks the label in the locale', () => {
    expect(label('zh-CN', { 'zh-CN': '故障', en: 'Fault' })).toBe('故障');
    expect(label('en', { 'zh-CN': '故障', en: 'Fault' })).toBe('Fault');
  });

  it('counts in English with a singular for 1, and in Chinese without one', () => {
    expect(tCount('en', 'kb_import.dry_run', 1)).toBe('1 entry is valid (dry run: nothing written).');
    expect(tCount('en', 'kb_import.dry_run', 2)).toBe('2 entries are valid (dry run: nothing written).');
    expect(tCount('en', 'kb_import.dry_run', 0)).toBe('0 entries are valid (dry run: nothing written).');
    expect(tCount('en', 'kb_import.failed', 1)).toBe('1 problem; nothing was imported.');
    expect(tCount('en', 'kb_import.imported', 1, { created: 0, updated: 1 })).toBe(
      'imported 1 entry: 0 new, 1 updated',
    );
    expect(tCount('zh-CN', 'kb_import.dry_run', 1)).toBe('1 个条目有效（试运行：未写入）。');
    // A message without a `.one` form is used for every count.
    expect(tCount('en', 'kb_import.progress', 1, { done: 1, total: 1 })).toBe('indexed 1 of 1 entries');
  });
});

describe('errorMessage', () => {
  it('renders every code in both languages without raw placeholders for the usual params', () => {
    const params = {
      what: 'incident',
      value: 'x',
      action: 'classify',
      change: 'worklog_added',
      status: 'closed',
      role: 'desk',
      by: 'Alice',
      at: '2026-10-09T02:00:00.000Z',
      field: 'impact',
      reason: 'required',
      year: 2027,
      ref: 'KB-000001',
      number: 'INC-000123',
      score: 4,
    };
    for (const code of DOMAIN_ERROR_CODES) {
      for (const locale of LOCALES) {
        const text = errorMessage(locale, new DomainError(code, params));
        expect(text, `${locale} ${code}`).not.toMatch(/\{\w+\}|undefined/);
      }
    }
  });

  it('translates statuses, actions and roles inside the sentence', () => {
    const wrong = new DomainError('wrong_state', { action: 'classify', status: 'closed' });
    expect(errorMessage('en', wrong)).toBe('Cannot classify while the incident is closed.');
    expect(errorMessage('zh-CN', wrong)).toBe('事件当前为“已关闭”状态，无法确认性质与分类。');
    const forbidden = new DomainError('forbidden', { action: 'resolve', role: 'desk|team' });
    expect(errorMessage('en', forbidden)).toBe(
      'Only the service desk or members of the assigned team may resolve.',
    );
    expect(errorMessage('zh-CN', forbidden)).toBe('只有服务台或受派团队成员才能解决。');
  });

  it('formats the time of a stale change in the given zone', () => {
    const stale = new DomainError('stale_version', {
      by: 'Alice',
      change: 'prioritised',
      at: '2026-10-09T02:00:00.000Z',
    });
    expect(errorMessage('en', stale, { timeZone: 'Asia/Shanghai' })).toBe(
      'This card is out of date: Alice set its priority at Fri 9 Oct 2026 10:00 UTC+8. It has been refreshed.',
    );
    expect(errorMessage('zh-CN', stale, { timeZone: 'Asia/Shanghai' })).toBe(
      '此卡片已过期：Alice 于 2026-10-09 10:00 UTC+8 设定了优先级，卡片已刷新。',
    );
  });

  it('says how many changes followed the one a stale card lost to', () => {
    const at = '2026-10-09T02:00:00.000Z';
    const stale = (more: number) =>
      new DomainError('stale_version', { by: 'Alice', change: 'assigned', at, more });
    const zone = { timeZone: 'Asia/Shanghai' };
    expect(errorMessage('en', stale(1), zone)).toBe(
      'This card is out of date: Alice assigned it to a team at Fri 9 Oct 2026 10:00 UTC+8, and one more change followed. It has been refreshed.',
    );
    expect(errorMessage('en', stale(3), zone)).toContain(
      'at Fri 9 Oct 2026 10:00 UTC+8, and 3 more changes followed.',
    );
    expect(errorMessage('zh-CN', stale(1), zone)).toBe(
      '此卡片已过期：Alice 于 2026-10-09 10:00 UTC+8 指派给了小组，此后还有 1 项变更，卡片已刷新。',
    );
    expect(errorMessage('zh-CN', stale(2), zone)).toContain('此后还有 2 项变更');
  });

  it('says what the winning change did in words, never as an internal code', () => {
    const stale = (change: string) => new DomainError('stale_version', { by: 'Bob', change, at: '' });
    expect(errorMessage('en', stale('worklog_added'))).toContain('Bob added a work-log note');
    expect(errorMessage('zh-CN', stale('worklog_added'))).toContain('添加了工作日志');
    // An action the catalogs do not name still reads as words.
    expect(errorMessage('en', stale('something_new'))).toContain('Bob changed it');
    expect(errorMessage('en', stale('something_new'))).not.toContain('something_new');
  });

  it('explains invalid input by field and reason', () => {
    const long = new DomainError('invalid_input', { field: 'title', reason: 'too_long', max: 200 });
    expect(errorMessage('en', long)).toBe('Please check “Title”: too long (at most 200 characters).');
    expect(errorMessage('zh-CN', long)).toBe('请检查“标题”：内容过长（最多 200 个字符）。');
    const bad = new DomainError('invalid_input', { field: 'date', value: '2026-13-01' });
    expect(errorMessage('en', bad)).toBe('Please check “Date”: "2026-13-01" is not valid.');
    expect(
      errorMessage('zh-CN', new DomainError('not_found', { what: 'incident', value: 'INC-000123' })),
    ).toBe('未找到事件 INC-000123。');
  });

  it('speaks of the on-site task when its state is wrong', () => {
    const err = new DomainError('wrong_state', { action: 'onsite', status: 'onsite_cancelled' });
    expect(errorMessage('en', err)).toBe('Cannot update the on-site task: the on-site task is cancelled.');
    expect(errorMessage('zh-CN', err)).toBe('现场任务当前为“已取消”状态，无法更新现场任务。');
  });

  it('keeps unknown vocabulary as given', () => {
    const err = new DomainError('wrong_state', { action: 'teleport', status: 'floating' });
    expect(errorMessage('en', err)).toBe('Cannot teleport while the incident is floating.');
  });
});

describe('dates and durations', () => {
  const at = new Date('2026-10-09T02:00:00Z');

  it('formats date and time per locale with the zone', () => {
    expect(formatDateTime('zh-CN', at, 'Asia/Shanghai')).toBe('2026-10-09 10:00 UTC+8');
    expect(formatDateTime('en', at, 'Asia/Shanghai')).toBe('Fri 9 Oct 2026 10:00 UTC+8');
    expect(formatDateTime('en', at, 'America/New_York')).toBe('Thu 8 Oct 2026 22:00 EDT');
    expect(formatDateTime('en', at, 'UTC')).toBe('Fri 9 Oct 2026 02:00 UTC');
    expect(formatDateTime('zh-CN', new Date('2026-10-08T16:05:00Z'), 'Asia/Shanghai')).toBe(
      '2026-10-09 00:05 UTC+8',
    );
  });

  it('reads every instant of a minute as Intl reads it, though one minute is formatted once', () => {
    const minutes = (zone: string, d: Date) => {
      const p = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
      }).formatToParts(d);
      return `${p.find((x) => x.type === 'hour')?.value}:${p.find((x) => x.type === 'minute')?.value}`;
    };
    const cases: Array<[string, string]> = [
      // Local mean time, UTC+8:05:43: the local minute turns at 17 s past a UTC minute.
      ['Asia/Shanghai', '1900-06-01T00:00:10.000Z'],
      ['Asia/Shanghai', '1900-06-01T00:00:20.000Z'],
      // Its end (UTC+8 from 15:54:17 UTC): a new offset in the middle of a UTC minute.
      ['Asia/Shanghai', '1900-12-31T15:54:10.000Z'],
      ['Asia/Shanghai', '1900-12-31T15:54:20.000Z'],
      // Monrovia kept UTC−0:44:30 until 1972.
      ['Africa/Monrovia', '1971-06-01T12:00:10.000Z'],
      ['Africa/Monrovia', '1971-06-01T12:00:40.000Z'],
      // Today's zones, a daylight-saving change, quarter-hour offsets.
      ['America/New_York', '2026-03-08T06:59:59.999Z'],
      ['America/New_York', '2026-03-08T07:00:00.000Z'],
      ['Asia/Kathmandu', '2026-10-09T02:00:05.000Z'],
      ['Asia/Kathmandu', '2026-10-09T02:00:55.000Z'],
      ['Australia/Lord_Howe', '2026-10-04T15:29:59.000Z'],
      ['Australia/Lord_Howe', '2026-10-04T15:30:00.000Z'],
    ];
    for (const [zone, iso] of cases) {
      const d = new Date(iso);
      expect(formatDateTime('zh-CN', d, zone), `${zone} ${iso}`).toContain(` ${minutes(zone, d)} `);
    }
    // Within one minute of today the text is the same, whichever instant was formatted first.
    const first = formatDateTime('en', new Date('2026-10-09T02:00:59.999Z'), 'Asia/Shanghai');
    expect(formatDateTime('en', new Date('2026-10-09T02:00:00.001Z'), 'Asia/Shanghai')).toBe(first);
    expect(first).toBe('Fri 9 Oct 2026 10:00 UTC+8');
  });

  it('formats durations', () => {
    expect(formatDuration('en', 72)).toBe('1 h 12 min');
    expect(formatDuration('zh-CN', 72)).toBe('1小时12分钟');
    expect(formatDuration('en', 0)).toBe('0 min');
    expect(formatDuration('zh-CN', 60 * 24 * 2 + 5)).toBe('2天5分钟');
    expect(formatDuration('en', -15)).toBe('15 min');
  });

  it('labels the IM2.8 "none fits" action the same on the match list and as a card action', () => {
    for (const locale of ['en', 'zh-CN'] as const)
      expect(t(locale, 'action.no_match')).toBe(t(locale, 'match.none_fits'));
  });

  it('says "under a minute" for a span that rounds to 0 min but is not 0 (not "overdue by 0 min")', () => {
    expect(formatDuration('en', -0.3)).toBe('< 1 min');
    expect(formatDuration('zh-CN', 0.4)).toBe('不到1分钟');
    expect(formatClockDuration('en', -0.2, 'business')).toBe('< 1 min');
    expect(formatClockDuration('zh-CN', 0.2, 'business')).toBe('不到1分钟');
    expect(formatClockDuration('en', 0, 'business')).toBe('0 business min');
  });
});

describe('zh-CN: one term per ITSS field (the Chinese ITSS spec: Impact 影响度, Urgency 紧急度)', () => {
  it('the incident page says the same words in Details and in the timeline, and nowhere another', () => {
    const zh = catalogs['zh-CN'] as Record<string, string>;
    expect(zh['field.impact']).toBe('影响度');
    expect(zh['field.urgency']).toBe('紧急度');
    expect(zh['history.detail.impact']).toBe(zh['field.impact']);
    expect(zh['history.detail.urgency']).toBe(zh['field.urgency']);
    const other = Object.entries(zh).filter(([, text]) => /影响范围|紧急程度/.test(text));
    expect(other).toEqual([]);
  });
});
