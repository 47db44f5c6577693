import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, configWarnings, loadConfig, parseConfigText } from '../../src/config/load.js';
import { closest, defaultConfig } from '../../src/config/schema.js';
import { coveredYears } from '../../src/core/calendar.js';
import { defaultPriorityMatrix } from '../../src/core/config.js';

/** The ConfigError thrown for `text`, or a failed test. */
function problemsOf(text: string, file = 'bad.yaml'): ConfigError {
  try {
    parseConfigText(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const messageAt = (err: ConfigError, path: string) => err.problems.find((p) => p.path === path);

describe('example configurations', () => {
  it.each([
    ['config/example.en.yaml', 'en'],
    ['config/example.zh-CN.yaml', 'zh-CN'],
  ])('%s loads without errors', (file, locale) => {
    const cfg = loadConfig(file);
    expect(cfg.locale).toBe(locale);
    expect(cfg.people.some((p) => p.roles.includes('agent'))).toBe(true);
    // Children inherit their parent's team; an explicit team overrides it.
    expect(cfg.categories.find((c) => c.id === 'network.vpn')).toMatchObject({
      parent: 'network',
      team: 'network',
    });
    expect(cfg.categories.find((c) => c.id === 'business_apps.database')?.team).toBe('dba');
    expect(cfg.categories.find((c) => c.id === 'accounts')?.team).toBe('desktop');
  });

  // What a first start logs (src/main/compose.ts), today: an example that warns teaches the
  // operator to ignore warnings — except the one warning that is true of every copy of it: the
  // next year has only its statutory days until the State Council's arrangement (bridging days,
  // make-up workdays) is entered, so its business deadlines are provisional. Marking that year
  // covered by hand hid the managers' warning (operator trial, 2026-12-06).
  it.each(['config/example.en.yaml', 'config/example.zh-CN.yaml'])(
    '%s starts without warnings but the uncovered years',
    (file) => {
      const config = loadConfig(file);
      const warnings = configWarnings(config, () => [...coveredYears()]);
      const uncovered = warnings.filter((w) => w.startsWith('holiday data does not cover year'));
      expect(warnings.filter((w) => !uncovered.includes(w))).toEqual([]);
      const next = new Date().getUTCFullYear() + 1;
      const years = uncovered.map((w) => Number(/year (\d{4})/.exec(w)?.[1]));
      for (const year of years) expect(coveredYears()).not.toContain(year);
      expect(config.calendar.extraCoveredYears).toEqual([]);
      if (!coveredYears().includes(next) && new Date().getUTCMonth() === 11) expect(years).toContain(next);
    },
  );

  it('shows the defaults it claims to show', () => {
    const d = defaultConfig();
    for (const file of ['config/example.en.yaml', 'config/example.zh-CN.yaml']) {
      const cfg = loadConfig(file);
      expect(cfg.natures).toEqual(d.natures);
      expect(cfg.sla).toEqual(d.sla);
      expect(cfg.escalation).toEqual(d.escalation);
      expect(cfg.limits).toEqual(d.limits);
      expect(cfg.priorityMatrix).toEqual(d.priorityMatrix);
      expect({ ...cfg.calendar, extraHolidays: [], extraCoveredYears: [] }).toEqual(d.calendar);
    }
  });
});

describe('defaults', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('uses the built-in defaults when ITSS_CONFIG is not set', () => {
    vi.stubEnv('ITSS_CONFIG', '');
    expect(loadConfig()).toEqual(defaultConfig());
  });

  it('reads the file named by ITSS_CONFIG', () => {
    vi.stubEnv('ITSS_CONFIG', 'config/example.en.yaml');
    expect(loadConfig().locale).toBe('en');
  });

  it('treats an empty file as all defaults', () => {
    expect(parseConfigText('', 'empty.yaml')).toEqual(defaultConfig());
    expect(parseConfigText('# only a comment\n', 'empty.yaml')).toEqual(defaultConfig());
  });

  it('carries the spec reference data', () => {
    const d = defaultConfig();
    expect(d.natures.map((n) => n.id)).toEqual([
      'fault',
      'service_request',
      'consultation',
      'complaint',
      'suggestion',
    ]);
    expect(d.natures.filter((n) => n.notifyManager).map((n) => n.id)).toEqual(['complaint', 'suggestion']);
    expect(d.sla[1]).toEqual({
      respond: { value: 15, unit: 'minutes' },
      resolve: { value: 4, unit: 'hours' },
      clock: '24x7',
    });
    expect(d.sla[4]).toEqual({
      respond: { value: 8, unit: 'hours' },
      resolve: { value: 5, unit: 'days' },
      clock: 'business',
    });
    expect(d.escalation[1].map((r) => [r.deadline, r.at, r.targets[0]])).toEqual([
      ['respond', { fraction: 0.5 }, 'team'],
      ['respond', { fraction: 0.8 }, 'lead'],
      ['respond', { fraction: 1 }, 'manager'],
      ['resolve', { fraction: 0.5 }, 'team'],
      ['resolve', { fraction: 0.8 }, 'lead'],
      ['resolve', { fraction: 1 }, 'manager'],
    ]);
    expect(d.escalation[4]).toHaveLength(4);
    expect(d.limits).toEqual({
      acceptanceMinutes: 30,
      acceptanceRepings: 1,
      onsiteFeedbackMinutes: 60,
      autoCloseAfter: { value: 3, unit: 'days' },
    });
    expect(d.calendar).toMatchObject({ timeZone: 'Asia/Shanghai', weekend: [6, 0], holidays: 'cn' });
    expect(d).toMatchObject({ locale: 'zh-CN', numberPrefix: 'INC', provisionalPriority: 3 });
  });

  it('keeps defaults for keys left out and merges per priority', () => {
    const cfg = parseConfigText(
      'sla:\n  P1: { respond: 10m, resolve: 2h, clock: 24x7 }\nescalation:\n  P4: []\n',
      'x.yaml',
    );
    expect(cfg.sla[1].respond).toEqual({ value: 10, unit: 'minutes' });
    expect(cfg.sla[2]).toEqual(defaultConfig().sla[2]);
    expect(cfg.escalation[4]).toEqual([]);
    expect(cfg.escalation[3]).toEqual(defaultConfig().escalation[3]);
  });

  // An operator's trial: `sla: { P1: { respond: 15m } }` was refused for a missing
  // sla.P1.resolve, though the example files say a key left out keeps its default.
  it('keeps the default of an SLA key left out of one priority', () => {
    const cfg = parseConfigText('sla:\n  P1: { respond: 10m }\n  P3: { clock: 24x7 }\n', 'x.yaml');
    const d = defaultConfig().sla;
    expect(cfg.sla[1]).toEqual({ ...d[1], respond: { value: 10, unit: 'minutes' } });
    expect(cfg.sla[3]).toEqual({ ...d[3], clock: '24x7' });
    expect(cfg.sla[2]).toEqual(d[2]);
  });
});

describe('normalisation', () => {
  it('turns the pleasant YAML forms into the core shapes', () => {
    const cfg = parseConfigText(
      [
        'priority_matrix:',
        '  - [1, 1, 1, 2]',
        '  - [1, 2, 2, 3]',
        '  - [2, 2, 3, 4]',
        '  - [2, 3, 4, 4]',
        'escalation:',
        '  P1:',
        '    - { deadline: respond, at: 45m, targets: manager }',
        '    - { deadline: resolve, at: "75%", targets: [team, lead] }',
        'limits: { acceptance_within: 2h, auto_close_after: 5d }',
        'calendar:',
        '  time_zone: europe/berlin',
        '  working_hours: ["8:30-12:00", "13:00-17:30"]',
        '  weekend: [Friday, sat, 0]',
      ].join('\n'),
      'x.yaml',
    );
    expect(cfg.priorityMatrix[3]).toEqual([2, 3, 4, 4]);
    expect(cfg.escalation[1]).toEqual([
      { deadline: 'respond', at: { minutes: 45 }, targets: ['manager'] },
      { deadline: 'resolve', at: { fraction: 0.75 }, targets: ['team', 'lead'] },
    ]);
    expect(cfg.limits.acceptanceMinutes).toBe(120);
    expect(cfg.limits.autoCloseAfter).toEqual({ value: 5, unit: 'days' });
    expect(cfg.calendar.timeZone).toBe('Europe/Berlin');
    expect(cfg.calendar.workingHours).toEqual([
      { from: 510, to: 720 },
      { from: 780, to: 1050 },
    ]);
    expect(cfg.calendar.weekend).toEqual([5, 6, 0]);
  });

  it("reads a person's own time zone (the incident history's times), canonical, and refuses a made-up one", () => {
    const people = (zone: string) =>
      `people:\n  - { id: dana, name: Dana, time_zone: ${zone} }\n  - { id: ed, name: Ed }\n`;
    const cfg = parseConfigText(people('europe/berlin'), 'x.yaml');
    expect(cfg.people.map((p) => p.timeZone)).toEqual(['Europe/Berlin', undefined]);
    const err = problemsOf(people('Mars/Olympus'));
    expect(messageAt(err, 'people[0].time_zone')?.message).toContain('IANA time zone');
  });

  it("reads a nature's priority cap, highest_priority 1..4, and refuses anything else", () => {
    const natures = (cap: string) =>
      `natures:\n  - { id: fault, label: { zh-CN: 故障, en: Fault }, rank: 1 }\n  - { id: service_request, label: { zh-CN: 服务请求, en: Service request }, rank: 2, highest_priority: ${cap} }\n`;
    const cfg = parseConfigText(natures('2'), 'x.yaml');
    expect(cfg.natures.find((n) => n.id === 'service_request')?.highestPriority).toBe(2);
    expect(cfg.natures.find((n) => n.id === 'fault')?.highestPriority).toBeUndefined();
    expect(() => parseConfigText(natures('5'), 'x.yaml')).toThrow(/highest_priority/);
  });

  it('accepts `priority_matrix: default`', () => {
    expect(parseConfigText('priority_matrix: default\n', 'x.yaml').priorityMatrix).toEqual(
      defaultPriorityMatrix(),
    );
  });
});

describe('errors', () => {
  const broken = [
    'locale: fr', // 1
    'natrues:', // 2
    '  - id: fault', // 3
    'people:', // 4
    '  - id: alice', // 5
    '    name: Alice', // 6
    '    slack: X123', // 7
    'teams:', // 8
    '  - id: network', // 9
    '    label: { zh-CN: 网络组 }', // 10
    '    lead: bob', // 11
    '    members: [alice, carol]', // 12
    'categories:', // 13
    '  - id: net', // 14
    '    label: { zh-CN: 网络, en: Network }', // 15
    '    team: netwrk', // 16
    'sla:', // 17
    '  P1: { respond: 15 minutes, resolve: 4, clock: 24x7 }', // 18
    'calendar:', // 19
    '  time_zone: Asia/Beijing', // 20
  ].join('\n');

  it('reports every problem with file, line, column, path and expectation', () => {
    const err = problemsOf(broken, 'conf/broken.yaml');
    const lines = err.message.split('\n').slice(1);
    expect(lines).toEqual([
      'conf/broken.yaml:1:9: at locale: expected one of `zh-CN`, `en`, got "fr"',
      'conf/broken.yaml:2:1: at natrues: unknown key; did you mean `natures`?',
      'conf/broken.yaml:7:12: at people[0].slack: expected a Slack user id such as "U0123ABCD", got "X123"',
      'conf/broken.yaml:10:12: at teams[0].label.en: expected a non-empty text, got nothing (the key is missing)',
      'conf/broken.yaml:11:11: at teams[0].lead: expected the id of a person under `people`, got "bob"',
      'conf/broken.yaml:12:22: at teams[0].members[1]: expected the id of a person under `people`, got "carol"',
      'conf/broken.yaml:16:11: at categories[0].team: expected the id of a team under `teams`, got "netwrk"; did you mean `network`?',
      'conf/broken.yaml:18:18: at sla.P1.respond: expected a duration such as "15m", "2h" or "3d", got "15 minutes"',
      'conf/broken.yaml:18:39: at sla.P1.resolve: expected a duration such as "15m", "2h" or "3d", got number 4',
      'conf/broken.yaml:20:14: at calendar.time_zone: expected an IANA time zone such as "Asia/Shanghai", got "Asia/Beijing"',
    ]);
    expect(err.message.split('\n')[0]).toBe('Invalid configuration (10 problems):');
    expect(err.problems[0]).toEqual({
      file: 'conf/broken.yaml',
      line: 1,
      col: 9,
      path: 'locale',
      message: expect.any(String),
    });
  });

  it('names the file it read', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'itss-config-')), 'triage.yaml');
    writeFileSync(file, 'number_prefix: inc\n');
    expect(() => loadConfig(file)).toThrow(`${file}:1:16: at number_prefix: expected 2 to 8 capital letters`);
    expect(() => loadConfig(join(file, '..', 'missing.yaml'))).toThrow(
      /missing\.yaml: cannot read the configuration file/,
    );
  });

  it('suggests the key a typo meant, at any depth', () => {
    const err = problemsOf('calendar:\n  timezone: Asia/Shanghai\n  weekends: [sat, sun]\n  colour: red\n');
    expect(messageAt(err, 'calendar.timezone')).toMatchObject({
      line: 2,
      col: 3,
      message: 'unknown key; did you mean `time_zone`?',
    });
    expect(messageAt(err, 'calendar.weekends')?.message).toBe('unknown key; did you mean `weekend`?');
    expect(messageAt(err, 'calendar.colour')?.message).toMatch(/^unknown key; expected one of `time_zone`, /);
    expect(closest('natrues', ['natures', 'teams'])).toBe('natures');
    expect(closest('numberPrefix', ['number_prefix', 'locale'])).toBe('number_prefix');
    expect(closest('zzz', ['natures'])).toBeNull();
  });

  it("reads people's phone and e-mail, and says what a bad one should look like", () => {
    const ok = parseConfigText(
      'people:\n  - { id: erin, name: Erin, phone: "+86 10 6666 0001 ext. 12", email: erin@example.com }\n',
      'ok.yaml',
    );
    expect(ok.people[0]).toMatchObject({ phone: '+86 10 6666 0001 ext. 12', email: 'erin@example.com' });
    const err = problemsOf('people:\n  - { id: erin, name: Erin, phone: call me, email: erin-at-example }\n');
    expect(messageAt(err, 'people[0].phone')?.message).toContain('a phone number such as +86 10 1234 5678');
    expect(messageAt(err, 'people[0].email')?.message).toContain('an e-mail address');
  });

  it('says how a person without a chat account is reached, or that nothing reaches them', () => {
    const cfg = parseConfigText(
      'people:\n  - { id: olga, name: Olga, roles: [onsite], email: olga@example.com }\n  - { id: otto, name: Otto }\n',
      'p.yaml',
    );
    const warnings = configWarnings(cfg).join('\n');
    expect(warnings).toContain('person olga has no chat account: notices for them go by e-mail only');
    expect(warnings).toContain('person otto has no chat account (slack, teams or accounts) and no email');
  });

  it('rejects a time zone Intl does not know', () => {
    const err = problemsOf('calendar:\n  time_zone: Mars/Olympus_Mons\n');
    expect(messageAt(err, 'calendar.time_zone')).toMatchObject({ line: 2, col: 14 });
  });

  it('wants the priority matrix 4×4 with priorities 1..4', () => {
    const err = problemsOf('priority_matrix:\n  - [1, 1, 2]\n  - [1, 2, 2, 5]\n  - [2, 2, 3, 3]\n');
    expect(messageAt(err, 'priority_matrix')).toMatchObject({
      line: 2,
      col: 3,
      message: 'expected 4 rows (impact 1..4), got 3',
    });
    expect(messageAt(err, 'priority_matrix[0]')?.message).toBe(
      'expected 4 priorities in the row (urgency 1..4), got 3',
    );
    expect(messageAt(err, 'priority_matrix[1][3]')).toMatchObject({
      line: 3,
      col: 15,
      message: 'expected a whole number 1..4, got number 5',
    });
    expect(messageAt(problemsOf('priority_matrix: defaults\n'), 'priority_matrix')?.message).toBe(
      'expected `default` or 4 rows (impact 1..4) of 4 priorities (urgency 1..4), got "defaults"',
    );
  });

  it('checks team and person references and duplicate ids', () => {
    const yaml = [
      'people:',
      '  - { id: ann, name: Ann, slack: U0ANN }',
      '  - { id: ann, name: Ann Two, slack: U0ANN }',
      'teams:',
      '  - id: net',
      '    label: { zh-CN: 网络, en: Net }',
      'categories:',
      '  - id: hw',
      '    label: { zh-CN: 硬件, en: Hardware }',
      '    children:',
      '      - id: printers',
      '        label: { zh-CN: 打印机, en: Printers }',
      '        team: desktop',
      '      - id: hw',
      '        label: { zh-CN: 重复, en: Again }',
    ].join('\n');
    const err = problemsOf(yaml);
    expect(messageAt(err, 'people[1].id')?.message).toBe(
      'expected a unique value, got "ann" again (first at people[0].id)',
    );
    expect(messageAt(err, 'people[1].slack')?.message).toMatch(/^expected a unique value, got "U0ANN" again/);
    expect(messageAt(err, 'categories[0].children[0].team')).toMatchObject({
      line: 13,
      col: 15,
      message: 'expected the id of a team under `teams`, got "desktop"',
    });
    expect(messageAt(err, 'categories[0].children[1].id')?.message).toMatch(/first at categories\[0\]\.id/);
  });

  it('says so when no teams exist at all', () => {
    const err = problemsOf('categories:\n  - { id: a, label: { zh-CN: 甲, en: A }, team: ops }\n');
    expect(err.problems[0]?.message).toBe(
      'expected the id of a team under `teams` (none are defined), got "ops"',
    );
  });

  it('explains duration, threshold and working-hour syntax', () => {
    const yaml = [
      'limits:',
      '  acceptance_within: 30',
      '  auto_close_after: 3w',
      'escalation:',
      '  P1:',
      '    - { deadline: respond, at: "50", targets: [boss] }',
      'calendar:',
      '  working_hours: ["09:00-12:00", "11:00-17:00", "18:00-17:00"]',
      '  weekend: [saturn]',
      '  extra_holidays: ["2026-02-30"]',
    ].join('\n');
    const err = problemsOf(yaml);
    const at = (path: string) => messageAt(err, path)?.message;
    expect(at('limits.acceptance_within')).toBe(
      'expected a duration such as "15m", "2h" or "3d", got number 30',
    );
    expect(at('limits.auto_close_after')).toBe('expected a duration such as "15m", "2h" or "3d", got "3w"');
    expect(at('escalation.P1[0].at')).toBe(
      'expected a share of the deadline such as "50%" or a time such as "45m", got "50"',
    );
    expect(at('escalation.P1[0].targets[0]')).toBe(
      'expected one of `team`, `next_team`, `lead`, `manager`, got "boss"',
    );
    expect(at('calendar.working_hours[2]')).toMatch(/^expected a period such as "09:00-12:00"/);
    expect(at('calendar.weekend[0]')).toMatch(/^expected a day of the week/);
    expect(at('calendar.extra_holidays[0]')).toBe('expected a date such as "2026-10-08", got "2026-02-30"');
  });

  it('reports overlapping working hours', () => {
    const err = problemsOf('calendar:\n  working_hours: ["09:00-12:00", "11:00-17:00"]\n');
    expect(messageAt(err, 'calendar.working_hours[1]')?.message).toBe(
      'expected a period starting at or after 12:00 (sorted, not overlapping the one before), got "11:00-17:00"',
    );
  });

  it('reports YAML syntax errors with line and column', () => {
    const err = problemsOf('locale: en\nnatures: [\n  - id: x\n');
    expect(err.problems[0]).toMatchObject({ file: 'bad.yaml', line: 3, col: 3, path: null });
    expect(err.message).toMatch(/bad\.yaml:3:3: YAML syntax error: /);
    expect(problemsOf('locale: en\nlocale: zh-CN\n').message).toMatch(
      /bad\.yaml:2:1: YAML syntax error: Map keys must be unique/,
    );
  });

  it('reports an alias bomb as FILE:LINE, not a stack trace, and keeps the file small', () => {
    // Each level multiplies by 9: 9^9 ≈ 387 million strings if expanded.
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const err = problemsOf(['locale: en', ...levels].join('\n'), 'bomb.yaml');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ file: 'bomb.yaml', line: 3, path: null });
    expect(err.message).toMatch(/bomb\.yaml:3:\d+: too many YAML alias expansions \(limit 100\)/);
  });

  it('still reads a configuration that uses a few aliases', () => {
    const cfg = parseConfigText('channels:\n  desk: &c\n    slack: C0DESK\n  managers: *c\n', 'ok.yaml');
    expect(cfg.channels.managers.slack).toBe('C0DESK');
  });

  it('points at the nearest existing parent when a required key is missing', () => {
    const err = problemsOf('natures:\n  - id: fault\n    rank: 1\n');
    expect(messageAt(err, 'natures[0].label')).toMatchObject({ line: 2, col: 5 });
  });

  it('names the top level when the file is not a mapping', () => {
    expect(problemsOf('- a\n- b\n').message).toContain(
      'bad.yaml:1:1: at the top level: expected a mapping of configuration keys, got a list of 2',
    );
  });
});

describe('configWarnings', () => {
  it('warns about an organisation with nobody in it', () => {
    const w = configWarnings(defaultConfig());
    expect(w).toContain(
      'no desk agents or incident managers configured (people[].roles: [agent] or [manager]): nobody may classify or close incidents',
    );
    expect(w.some((m) => m.startsWith('no second-line teams configured'))).toBe(true);
  });

  it('with managers but no agents, says the managers may still classify and close (as the guards let them)', () => {
    const base = defaultConfig();
    const manager: (typeof base.people)[number] = {
      id: 'U_MGR',
      name: 'Mia',
      roles: ['manager'],
      accounts: { slack: 'U_MGR' },
      locale: null,
    };
    const w = configWarnings({ ...base, people: [manager] });
    expect(w.join('\n')).not.toContain('nobody may classify');
    expect(w).toContain(
      'no desk agents configured (people[].roles: [agent]): only the incident managers may classify and close incidents',
    );
  });

  it('warns about holiday years the data does not cover', () => {
    const example = loadConfig('config/example.en.yaml');
    const cfg = { ...example, calendar: { ...example.calendar, extraCoveredYears: [] } };
    const covered = () => [2025, 2026];
    expect(configWarnings(cfg, covered, new Date('2026-06-01T00:00:00Z')).join('\n')).not.toMatch(
      /holiday data/,
    );
    const december = configWarnings(cfg, covered, new Date('2026-12-15T00:00:00Z'));
    expect(december.filter((m) => m.startsWith('holiday data does not cover year 2027'))).toHaveLength(1);
    const vouched = { ...cfg, calendar: { ...cfg.calendar, extraCoveredYears: [2027] } };
    expect(configWarnings(vouched, covered, new Date('2027-03-01T00:00:00Z')).join('\n')).not.toMatch(
      /holiday data/,
    );
  });

  it('warns about a priority matrix that ranks a worse case lower', () => {
    const cfg = {
      ...defaultConfig(),
      priorityMatrix: [[2, 1, 1, 1], ...defaultPriorityMatrix().slice(1)] as never,
    };
    expect(
      configWarnings(cfg).some((m) => m.startsWith('priority_matrix: impact 1 × urgency 1 gives P2')),
    ).toBe(true);
  });
});

describe('scheduled reports (reports.schedule)', () => {
  it('reads a weekday and a day of the month, each with a time of day', () => {
    const cfg = parseConfigText(
      'reports:\n  schedule:\n    weekly: { day: monday, at: "09:00" }\n    monthly: { day: 1, at: "08:30" }\n',
      'x.yaml',
    );
    expect(cfg.reports?.schedule).toEqual({
      weekly: { weekday: 1, minuteOfDay: 540 },
      monthly: { day: 1, minuteOfDay: 510 },
    });
  });

  it('names each bad value at its path', () => {
    const err = problemsOf(
      'reports:\n  schedule:\n    weekly: { day: someday, at: "9am" }\n    monthly: { day: 30, at: "08:00" }\n',
    );
    expect(messageAt(err, 'reports.schedule.weekly.at')?.message).toContain('a time of day such as "09:00"');
    expect(messageAt(err, 'reports.schedule.weekly.day')).toBeDefined();
    expect(messageAt(err, 'reports.schedule.monthly.day')?.message).toContain('1..28');
  });
});
