// Reads the YAML configuration and reports every problem as FILE:LINE:COL, so an operator can
// fix the whole file in one go instead of one restart per mistake.
import { readFileSync } from 'node:fs';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import { nowhereInChat, type TriageConfig } from '../core/config.js';
import { isDeskStaff } from '../core/read-access.js';
import { type ConfigIssue, defaultConfig, formatPath, parseConfig } from './schema.js';

export interface ConfigProblem {
  file: string;
  /** 1-based; null when the problem is the file as a whole (unreadable). */
  line: number | null;
  col: number | null;
  /** `teams[0].members[1]`; null for YAML syntax and file errors. */
  path: string | null;
  message: string;
}

export const formatProblem = (p: ConfigProblem): string =>
  [p.file, p.line, p.col].filter((x) => x !== null).join(':') +
  `: ${p.path === null ? '' : `at ${p.path || 'the top level'}: `}${p.message}`;

/** The grammar every schema message shares ("expected …, got …"), for a Chinese reader. */
const ZH_GRAMMAR: readonly (readonly [RegExp, string])[] = [
  [/^expected /, '应为 '],
  [/, got /, '，实际为 '],
  [/; did you mean /, '；是否想写 '],
  [/\ba list of ([\w.]+)/g, '$1 列表'],
  [/\ba list\b/g, '列表'],
  [/\b(got )?number (?=\S)/g, '数字 '],
  [/\b(got )?string (?=\S)/g, '字符串 '],
  [/\ba mapping\b/g, '映射'],
  [/\ba string\b/g, '字符串'],
  [/\ba number\b/g, '数字'],
  [/\bone of /, '以下之一：'],
  [/\bat least /, '至少 '],
  [/\bat most /, '至多 '],
];

/**
 * One problem line for a reader: English as logged, or with the frame ("位置", the top level) and
 * the shared grammar in Chinese — a managers' notice is read in each manager's language. Ids,
 * paths and values stay as written in the file.
 */
export function formatProblemIn(p: ConfigProblem, locale: 'en' | 'zh-CN'): string {
  if (locale === 'en') return formatProblem(p);
  const message = ZH_GRAMMAR.reduce((text, [from, to]) => text.replace(from, to), p.message);
  const where = p.path === null ? '' : `位置 ${p.path || '顶层'}：`;
  return `${[p.file, p.line, p.col].filter((x) => x !== null).join(':')}：${where}${message}`;
}

/** Every problem of a configuration file; the message lists them one a line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const n = problems.length;
    super(
      `Invalid configuration (${n} problem${n === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** The file named by `path`, else by ITSS_CONFIG, else the built-in defaults. */
export function loadConfig(path: string | undefined = process.env.ITSS_CONFIG): TriageConfig {
  if (!path) return defaultConfig();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const message = `cannot read the configuration file: ${e instanceof Error ? e.message : String(e)}`;
    throw new ConfigError([{ file: path, line: null, col: null, path: null, message }]);
  }
  return parseConfigText(text, path);
}

/** Parses YAML text; `file` only names it in messages. */
export function parseConfigText(text: string, file: string): TriageConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const message = `YAML syntax error: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`;
        return { file, line: pos.line, col: pos.col, path: null, message };
      }),
    );
  }
  const result = parseConfig(toJS(doc, lines, file));
  if (result.ok) return result.config;
  const problems = result.issues.map((issue) => toProblem(issue, doc, lines, file));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  throw new ConfigError(problems);
}

/**
 * Alias expansions allowed while reading the file. Anchors that refer to anchors multiply (the
 * "billion laughs" file): a few lines would expand to gigabytes. A real configuration needs a
 * handful; `yaml` counts each expansion times the aliases inside it.
 */
export const MAX_ALIAS_COUNT = 100;

function toJS(doc: Document, lines: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let offset = 0;
    visit(doc, {
      Alias(_, node) {
        offset = start(node) ?? 0;
        return visit.BREAK;
      },
    });
    const pos = lines.linePos(offset);
    const message = /excessive alias count/i.test(e.message)
      ? `too many YAML alias expansions (limit ${MAX_ALIAS_COUNT}): anchors that refer to anchors multiply; write the values out instead`
      : `YAML alias cannot be resolved: ${e.message}`;
    throw new ConfigError([{ file, line: pos.line, col: pos.col, path: null, message }]);
  }
}

function toProblem(issue: ConfigIssue, doc: Document, lines: LineCounter, file: string): ConfigProblem {
  const pos = lines.linePos(locate(doc, issue.path, issue.atKey));
  return { file, line: pos.line, col: pos.col, path: formatPath(issue.path), message: issue.message };
}

const start = (node: unknown): number | null => {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : null;
};

/** Offset of the node at `path`, or of the nearest ancestor that exists (e.g. for a missing key). */
function locate(doc: Document, path: readonly (string | number)[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (const [i, seg] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
      );
      if (!pair) break;
      const keyAt = start(pair.key);
      if (atKey && i === path.length - 1 && keyAt !== null) return keyAt;
      node = pair.value;
      // `key:` with nothing after it has no value node: point at the key.
      offset = start(node) ?? keyAt ?? offset;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      node = node.items[seg];
      offset = start(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

// ---- warnings: valid, but probably not what the operator wants -----------------------------

/**
 * Things the composition root should log at startup. `coveredYears` comes from the holiday data
 * (src/core/calendar.ts); without it the holiday coverage is not checked.
 */
export function configWarnings(
  cfg: TriageConfig,
  coveredYears?: () => number[],
  now: Date = new Date(),
): string[] {
  return [
    ...organisationWarnings(cfg),
    ...leadWarnings(cfg),
    ...matrixWarnings(cfg),
    ...holidayWarnings(cfg, coveredYears, now),
  ];
}

function organisationWarnings(cfg: TriageConfig): string[] {
  const w: string[] = [];
  const has = (role: string) => cfg.people.some((p) => p.roles.some((r) => r === role));
  const noChannel = nowhereInChat;
  // The desk's steps (classify, close, …) are the desk staff's: agents and incident managers alike
  // (core/read-access.ts isDeskStaff, which the guards ask). Say "nobody" only when it is true.
  if (!cfg.people.some(isDeskStaff))
    w.push(
      'no desk agents or incident managers configured (people[].roles: [agent] or [manager]): nobody may classify or close incidents',
    );
  else if (!has('agent'))
    w.push(
      'no desk agents configured (people[].roles: [agent]): only the incident managers may classify and close incidents',
    );
  if (!has('manager') && noChannel(cfg.channels.managers))
    w.push('no incident manager (roles: [manager]) and no channels.managers: manager notices reach nobody');
  if (noChannel(cfg.channels.desk))
    w.push('channels.desk names no chat channel: the desk sees no incident cards');
  if (cfg.teams.length === 0)
    w.push('no second-line teams configured: incidents cannot be assigned (IM2.11)');
  if (cfg.categories.length === 0)
    w.push('no categories configured: the desk cannot classify incidents (IM2.1)');
  const unrouted = cfg.categories.filter((c) => c.team === null).map((c) => c.id);
  if (cfg.teams.length > 0 && unrouted.length > 0)
    w.push(`categories with no team (the desk must pick one at IM2.11): ${unrouted.join(', ')}`);
  for (const t of cfg.teams.filter((t) => noChannel(t.channels)))
    w.push(`team ${t.id} has no chat channel: assignments are sent to its members directly`);
  for (const p of cfg.people.filter((p) => noChannel(p.accounts)))
    w.push(
      p.email
        ? `person ${p.id} has no chat account: notices for them go by e-mail only, and only when SMTP_URL is set`
        : `person ${p.id} has no chat account (slack, teams or accounts) and no email: nothing reaches them`,
    );
  return w;
}

function leadWarnings(cfg: TriageConfig): string[] {
  const toLead = Object.values(cfg.escalation).some((rules) => rules.some((r) => r.targets.includes('lead')));
  if (!toLead) return [];
  return cfg.teams
    .filter((t) => t.lead === null)
    .map((t) => `team ${t.id} has no lead, but escalation goes to \`lead\``);
}

/** A more severe impact or urgency should never give a lower priority (1 is the highest). */
function matrixWarnings(cfg: TriageConfig): string[] {
  const m = cfg.priorityMatrix;
  const at = (i: number, u: number) => m[i]?.[u] ?? 0;
  const w: string[] = [];
  for (let i = 0; i < 4; i++) {
    for (let u = 0; u < 4; u++) {
      if (i < 3 && at(i, u) > at(i + 1, u))
        w.push(
          `priority_matrix: impact ${i + 1} × urgency ${u + 1} gives P${at(i, u)}, lower than the less severe impact ${i + 2} (P${at(i + 1, u)})`,
        );
      if (u < 3 && at(i, u) > at(i, u + 1))
        w.push(
          `priority_matrix: impact ${i + 1} × urgency ${u + 1} gives P${at(i, u)}, lower than the less severe urgency ${u + 2} (P${at(i, u + 1)})`,
        );
    }
  }
  return w;
}

/** The current year must be covered; the next one too once its first deadlines are near. */
function holidayWarnings(cfg: TriageConfig, coveredYears: (() => number[]) | undefined, now: Date): string[] {
  if (cfg.calendar.holidays !== 'cn' || !coveredYears) return [];
  const covered = new Set([...coveredYears(), ...cfg.calendar.extraCoveredYears]);
  const year = Number(
    new Intl.DateTimeFormat('en', { timeZone: cfg.calendar.timeZone, year: 'numeric' }).format(now),
  );
  const soon = new Date(now.getTime() + 31 * 24 * 3600_000);
  const nextYear = Number(
    new Intl.DateTimeFormat('en', { timeZone: cfg.calendar.timeZone, year: 'numeric' }).format(soon),
  );
  return [...new Set([year, nextYear])]
    .filter((y) => !covered.has(y))
    .map(
      (y) =>
        `holiday data does not cover year ${y}: business deadlines that run into it are provisional ` +
        '(weekends and statutory holidays by rule, no make-up workdays) until its days are added under ' +
        'calendar.extra_holidays / extra_workdays with the year in calendar.extra_covered_years (npm run calendar -- check)',
    );
}
