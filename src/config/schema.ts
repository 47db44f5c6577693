// The YAML configuration file → TriageConfig, in one zod schema that both validates and
// normalises. Every issue carries the path of the YAML node it is about, so load.ts can point
// at file:line:col. Messages read "expected …, got …" because operators fix files, not code.
import { z } from 'zod';
import {
  type CategoryDef,
  type ChatChannels,
  type DirectoryConfig,
  type Duration,
  defaultPriorityMatrix,
  type EscalationRule,
  type EscalationThreshold,
  type Labels,
  type Locale,
  type MemberSources,
  type NatureDef,
  type PersonDef,
  type ReportSchedule,
  type SlaTarget,
  type TeamDef,
  type TriageConfig,
  type WorkingPeriod,
} from '../core/config.js';
import type { Priority } from '../core/types.js';

type Ctx = z.core.$RefinementCtx<unknown>;

// ---- messages ------------------------------------------------------------------------------

/** How a YAML value reads in a message: strings quoted, lists and mappings by kind. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (the key is missing)';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return `${typeof v} ${String(v)}`;
}

/** A zod error function: "expected <what>, got <the value>". */
export const expected =
  (what: string) =>
  (iss: { input?: unknown }): string =>
    `expected ${what}, got ${describeValue(iss.input)}`;

/** Messages for zod's own issues where the schema gave none. */
export function defaultMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const got = describeValue(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${iss.expected === 'array' ? 'a list' : iss.expected === 'object' ? 'a mapping' : `a ${iss.expected}`}, got ${got}`;
    case 'invalid_value':
      return `expected one of ${iss.values.map((v) => `\`${String(v)}\``).join(', ')}, got ${got}`;
    case 'too_small':
      return `expected at least ${String(iss.minimum)}${iss.origin === 'array' ? ' item(s)' : ''}, got ${got}`;
    case 'too_big':
      return `expected at most ${String(iss.maximum)}${iss.origin === 'array' ? ' item(s)' : ''}, got ${got}`;
    default:
      return undefined;
  }
}

/** Optimal string alignment distance: a swapped pair of letters (natrues) counts as one edit. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The candidate a typo most likely meant, if any is close enough to suggest. */
export function closest(word: string, candidates: readonly string[]): string | null {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | null = null;
  let bestScore = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const score = norm(c) === norm(word) ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best;
}

function fail(ctx: Ctx, input: unknown, what: string): never {
  ctx.addIssue({ code: 'custom', message: expected(what)({ input }), input });
  return z.NEVER;
}

/** A mapping whose unknown keys are errors (with a suggestion), reported even beside other errors. */
function strict<S extends z.ZodRawShape>(shape: S, what = 'a mapping') {
  const known = Object.keys(shape);
  return z.looseObject(shape, { error: expected(what) }).superRefine(
    (value, ctx) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
      for (const key of Object.keys(value).filter((k) => !known.includes(k))) {
        const near = closest(key, known);
        const message = near
          ? `unknown key; did you mean \`${near}\`?`
          : `unknown key; expected one of ${known.map((k) => `\`${k}\``).join(', ')}`;
        ctx.addIssue({ code: 'custom', path: [key], message, params: { unknownKey: true }, continue: true });
      }
    },
    { when: () => true },
  );
}

// ---- scalars -------------------------------------------------------------------------------

const pattern = (re: RegExp, what: string) =>
  z.string({ error: expected(what) }).regex(re, { error: expected(what) });

const text = z
  .string({ error: expected('a non-empty text') })
  .trim()
  .min(1, { error: expected('a non-empty text') });
const id = pattern(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'an id (letters, digits, "_", "-", ".")');
const whole = (min: number, max: number) =>
  z
    .int({ error: expected(`a whole number ${min}..${max}`) })
    .min(min, { error: expected(`a whole number ${min}..${max}`) })
    .max(max, { error: expected(`a whole number ${min}..${max}`) });
const level = whole(1, 4) as unknown as z.ZodType<Priority>;
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: expected(`one of ${values.map((v) => `\`${v}\``).join(', ')}`) });

const locale = oneOf(['zh-CN', 'en']) as z.ZodType<Locale>;
/** Digits with the usual separators, an optional leading + and extension (…ext. 12). */
const phone = z
  .string({ error: expected('a phone number such as +86 10 1234 5678') })
  .trim()
  .regex(/^\+?[0-9][0-9 ()\-./]{2,30}(\s*(ext\.?|x)\s*[0-9]{1,6})?$/i, {
    error: expected('a phone number such as +86 10 1234 5678'),
  });
const labels = strict({ 'zh-CN': text, en: text }, 'labels in both languages: { zh-CN: …, en: … }');

const DURATION_HINT = 'a duration such as "15m", "2h" or "3d"';
const UNITS = { m: 'minutes', min: 'minutes', h: 'hours', d: 'days' } as const;

function parseDuration(s: string): Duration | null {
  const m = /^([1-9]\d*)\s*(m|min|h|d)$/.exec(s.trim());
  return m ? { value: Number(m[1]), unit: UNITS[m[2] as keyof typeof UNITS] } : null;
}

const toMinutes = (d: Duration) => d.value * { minutes: 1, hours: 60, days: 1440 }[d.unit];

const duration = z
  .string({ error: expected(DURATION_HINT) })
  .transform((s, ctx) => parseDuration(s) ?? fail(ctx, s, DURATION_HINT));
/** Limits run on the 24×7 clock, so a day is 1440 minutes. */
const minutes = duration.transform(toMinutes);

const AT_HINT = 'a share of the deadline such as "50%" or a time such as "45m"';
const threshold = z.string({ error: expected(AT_HINT) }).transform((s, ctx): EscalationThreshold => {
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(s.trim());
  if (pct) {
    const fraction = Number(pct[1]) / 100;
    return fraction >= 0.01 && fraction <= 5 ? { fraction } : fail(ctx, s, 'a share between 1% and 500%');
  }
  const d = parseDuration(s);
  return d ? { minutes: toMinutes(d) } : fail(ctx, s, AT_HINT);
});

// ---- calendar ------------------------------------------------------------------------------

function canonicalZone(tz: string): string | null {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
const ZONE_HINT = 'an IANA time zone such as "Asia/Shanghai"';
const timeZone = z
  .string({ error: expected(ZONE_HINT) })
  .transform((s, ctx) => canonicalZone(s) ?? fail(ctx, s, ZONE_HINT));

const PERIOD_HINT = 'a period such as "09:00-12:00" (start before end)';
const clock = (h: string, m: string) => Number(h) * 60 + Number(m);
const hhmm = (n: number) =>
  `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;

const period = z.string({ error: expected(PERIOD_HINT) }).transform((s, ctx): WorkingPeriod => {
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m || Number(m[2]) > 59 || Number(m[4]) > 59) return fail(ctx, s, PERIOD_HINT);
  const from = clock(m[1] as string, m[2] as string);
  const to = clock(m[3] as string, m[4] as string);
  return from < to && to <= 1440 ? { from, to } : fail(ctx, s, PERIOD_HINT);
});

const workingHours = z
  .array(period, { error: expected('a list of periods such as ["09:00-12:00", "13:00-18:00"]') })
  .min(1, { error: expected('at least one working period') })
  .superRefine((periods, ctx) => {
    periods.forEach((p, i) => {
      const prev = periods[i - 1];
      if (prev && p.from < prev.to) {
        const what = `a period starting at or after ${hhmm(prev.to)} (sorted, not overlapping the one before)`;
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: expected(what)({ input: `${hhmm(p.from)}-${hhmm(p.to)}` }),
        });
      }
    });
  });

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_HINT = 'a day of the week: sun, mon, … sat, or 0 (Sunday) .. 6';
function dayNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 6 ? v : null;
  if (typeof v !== 'string') return null;
  const name = v.trim().toLowerCase();
  const i = DAYS.findIndex((d) => d === name || d.slice(0, 3) === name);
  return i >= 0 ? i : null;
}
const weekday = z.unknown().transform((v, ctx) => dayNumber(v) ?? fail(ctx, v, DAY_HINT));
const weekend = z
  .array(weekday, { error: expected('a list of days such as [sat, sun]') })
  .max(6, { error: expected('at most 6 weekend days') })
  .superRefine(noDuplicates('day'));

const DATE_HINT = 'a date such as "2026-10-08"';
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().startsWith(s);
}
const date = z.string({ error: expected(DATE_HINT) }).refine(isDate, { error: expected(DATE_HINT) });
const dates = z.array(date, { error: expected(`a list of dates such as ["2026-10-08"]`) });

function noDuplicates(what: string) {
  return (values: readonly unknown[], ctx: Ctx) => {
    values.forEach((v, i) => {
      if (values.indexOf(v) < i)
        ctx.addIssue({ code: 'custom', path: [i], message: expected(`no repeated ${what}`)({ input: v }) });
    });
  };
}

const calendar = strict({
  time_zone: timeZone.nullish(),
  working_hours: workingHours.nullish(),
  weekend: weekend.nullish(),
  holidays: oneOf(['cn', 'none']).nullish(),
  extra_holidays: dates.nullish(),
  extra_workdays: dates.nullish(),
  extra_covered_years: z.array(whole(2000, 2100)).superRefine(noDuplicates('year')).nullish(),
}).superRefine((c, ctx) => {
  const workdays = c.extra_workdays ?? [];
  (c.extra_holidays ?? []).forEach((d, i) => {
    if (workdays.includes(d))
      ctx.addIssue({
        code: 'custom',
        path: ['extra_holidays', i],
        message: expected('a date not also in extra_workdays')({ input: d }),
      });
  });
});

// ---- priority, SLA, escalation -------------------------------------------------------------

const MATRIX_HINT = '`default` or 4 rows (impact 1..4) of 4 priorities (urgency 1..4)';
function exactly(n: number, what: string) {
  return (list: readonly unknown[], ctx: Ctx) => {
    if (list.length !== n)
      ctx.addIssue({ code: 'custom', message: `expected ${n} ${what}, got ${list.length}` });
  };
}
const matrixRow = z
  .array(level, { error: expected('a row of 4 priorities 1..4 (urgency 1..4)') })
  .superRefine(exactly(4, 'priorities in the row (urgency 1..4)'));
const priorityMatrix = z.preprocess(
  (v) => (v === 'default' ? defaultPriorityMatrix() : v),
  z.array(matrixRow, { error: expected(MATRIX_HINT) }).superRefine(exactly(4, 'rows (impact 1..4)')),
);

// Each key optional like every other: `P1: { respond: 10m }` keeps P1's default resolve and clock
// (the example files promise "a key left out keeps its default").
const slaTarget = strict({
  respond: duration.nullish(),
  resolve: duration.nullish(),
  clock: oneOf(['24x7', 'business']).nullish(),
});

const target = oneOf(['team', 'next_team', 'lead', 'manager']);
const escalationRule = strict({
  deadline: oneOf(['respond', 'resolve']),
  at: threshold,
  // A single target may be written without brackets.
  targets: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : v),
    z.array(target).min(1, { error: expected('at least one of team, next_team, lead, manager') }),
  ),
});
const escalationList = z.array(escalationRule, {
  error: expected('a list of escalation rules (or [] for none)'),
});

const perPriority = <T extends z.ZodType>(entry: T) =>
  strict(
    { P1: entry.nullish(), P2: entry.nullish(), P3: entry.nullish(), P4: entry.nullish() },
    'a mapping with keys P1..P4',
  );

// ---- organisation --------------------------------------------------------------------------

const slackChannel = pattern(/^[CG][A-Z0-9]{2,}$/, 'a Slack channel id such as "C0123ABCD"');
const teamsChannel = pattern(/^19:\S+@thread\.\S+$/, 'a Teams channel id such as "19:abc…@thread.tacv2"');

// Slack and Teams ids keep their friendly keys (`slack: U123`) and their formats; any other
// platform's ids go under `accounts: { <platform>: id }`, so a new adapter needs no schema change.
const FRIENDLY = ['slack', 'teams'];
const PLATFORM_ID = /^[a-z][a-z0-9_-]{0,31}$/;
function platformKeys(accounts: Record<string, string>, ctx: Ctx): void {
  for (const key of Object.keys(accounts)) {
    const got = describeValue(key);
    if (FRIENDLY.includes(key))
      problem(
        ctx,
        [key],
        `expected a platform other than slack and teams (write \`${key}:\` beside \`accounts\`), got ${got}`,
      );
    else if (!PLATFORM_ID.test(key))
      problem(
        ctx,
        [key],
        `expected a platform id such as "matrix" (lower-case letters, digits, "_", "-"), got ${got}`,
      );
  }
}
const otherAccounts = z
  .record(z.string(), text, { error: expected('a mapping of platform id → account id') })
  .superRefine((v, ctx) => platformKeys(v, ctx as unknown as Ctx));
const channels = strict({
  slack: slackChannel.nullish(),
  teams: teamsChannel.nullish(),
  accounts: otherAccounts.nullish(),
});

const slackUser = pattern(/^[UW][A-Z0-9]{2,}$/, 'a Slack user id such as "U0123ABCD"');
const teamsUser = pattern(
  /^(29:\S+|8:orgid:\S+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i,
  'a Teams user id ("29:…") or Entra object id (team membership goes under teams[].members)',
);

const nature = strict({
  id,
  label: labels,
  rank: whole(0, 99),
  notify_manager: z.boolean({ error: expected('true or false') }).nullish(),
  highest_priority: whole(1, 4).nullish(),
});

const person = strict({
  id,
  name: text,
  roles: z
    .array(oneOf(['agent', 'manager', 'onsite']))
    .superRefine(noDuplicates('role'))
    .nullish(),
  slack: slackUser.nullish(),
  teams: teamsUser.nullish(),
  accounts: otherAccounts.nullish(),
  locale: locale.nullish(),
  /** Where the person reads times (the incident history); default the calendar's zone. */
  time_zone: timeZone.nullish(),
  phone: phone.nullish(),
  email: z.email({ error: expected('an e-mail address such as alice@example.com') }).nullish(),
});

// Groups kept on the platforms (issue 16 item 1): Slack user groups ("S…") or channels, Teams
// team or channel rosters. Their members are read with the bot's own token (src/app/directory).
const slackGroup = pattern(/^[SCG][A-Z0-9]{2,}$/, 'a Slack user group ("S…") or channel ("C…") id');
const teamsRoster = pattern(
  /^19:\S+@thread\.\S+$/,
  'a Teams team or channel id such as "19:abc…@thread.tacv2"',
);
const memberSources = strict({
  slack: z.array(slackGroup, { error: expected('a list of Slack group or channel ids') }).nullish(),
  teams: z.array(teamsRoster, { error: expected('a list of Teams team or channel ids') }).nullish(),
});
const directory = strict({
  refresh: minutes.nullish(),
  desk: memberSources.nullish(),
  managers: memberSources.nullish(),
  onsite: memberSources.nullish(),
});

const team = strict({
  id,
  label: labels,
  lead: id.nullish(),
  members: z.array(id, { error: expected('a list of person ids') }).nullish(),
  members_from: memberSources.nullish(),
  channels: channels.nullish(),
});

interface CategoryInput {
  id: string;
  label: Labels;
  team?: string | null;
  children?: CategoryInput[] | null;
}
const category: z.ZodType<CategoryInput> = z.lazy(() =>
  strict({ id, label: labels, team: id.nullish(), children: z.array(category).nullish() }),
);

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: expected(`a list of ${what}`) });

// ---- scheduled reports ---------------------------------------------------------------------

const TIME_HINT = 'a time of day such as "09:00"';
const timeOfDay = pattern(/^([01]\d|2[0-3]):[0-5]\d$/, TIME_HINT).transform(
  (s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3)),
);
const reportSchedule = strict({
  weekly: strict({ day: weekday, at: timeOfDay }).nullish(),
  monthly: strict({ day: whole(1, 28), at: timeOfDay }).nullish(),
});

// ---- the file ------------------------------------------------------------------------------

export const rawConfigSchema = strict(
  {
    locale: locale.nullish(),
    number_prefix: pattern(/^[A-Z]{2,8}$/, '2 to 8 capital letters such as "INC"').nullish(),
    provisional_priority: level.nullish(),
    natures: list(nature, 'natures')
      .min(1, { error: expected('at least one nature') })
      .nullish(),
    categories: list(category, 'categories').nullish(),
    people: list(person, 'people').nullish(),
    teams: list(team, 'teams').nullish(),
    channels: strict({ desk: channels.nullish(), managers: channels.nullish() }).nullish(),
    priority_matrix: priorityMatrix.nullish(),
    sla: perPriority(slaTarget).nullish(),
    escalation: perPriority(escalationList).nullish(),
    limits: strict({
      acceptance_within: minutes.nullish(),
      acceptance_repings: whole(0, 10).nullish(),
      onsite_feedback_within: minutes.nullish(),
      auto_close_after: duration.nullish(),
    }).nullish(),
    calendar: calendar.nullish(),
    reports: strict({ schedule: reportSchedule.nullish() }).nullish(),
    directory: directory.nullish(),
  },
  'a mapping of configuration keys',
);
export type RawConfig = z.output<typeof rawConfigSchema>;

// ---- cross-references ----------------------------------------------------------------------
// Run on the partly parsed value even when other parts failed, so one pass reports everything;
// hence the defensive reading of `unknown` rather than the typed output.

type Path = (string | number)[];
type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const entries = (v: unknown): [number, Obj][] =>
  Array.isArray(v) ? v.flatMap((x, i): [number, Obj][] => (asObj(x) ? [[i, x as Obj]] : [])) : [];

/** `teams[0].members[1]`: how paths are shown to operators. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );

const problem = (ctx: Ctx, path: Path, message: string) =>
  ctx.addIssue({ code: 'custom', path, message, continue: true });

function unique(ctx: Ctx, seen: Map<string, string>, value: string, path: Path): void {
  const first = seen.get(value);
  if (first === undefined) seen.set(value, formatPath(path));
  else problem(ctx, path, `expected a unique value, got ${JSON.stringify(value)} again (first at ${first})`);
}

function reference(ctx: Ctx, known: ReadonlySet<string>, value: unknown, path: Path, what: string): void {
  const v = str(value);
  if (v === null || known.has(v)) return;
  const near = closest(v, [...known]);
  const none = known.size === 0 ? ' (none are defined)' : '';
  problem(
    ctx,
    path,
    `expected the id of ${what}${none}, got ${JSON.stringify(v)}${near ? `; did you mean \`${near}\`?` : ''}`,
  );
}

function uniqueField(ctx: Ctx, root: Obj, list: string, field: string): Set<string> {
  const seen = new Map<string, string>();
  for (const [i, o] of entries(root[list])) {
    const v = str(o[field]);
    if (v !== null) unique(ctx, seen, v, [list, i, field]);
  }
  return new Set(seen.keys());
}

function checkCategories(
  ctx: Ctx,
  nodes: unknown,
  path: Path,
  teams: ReadonlySet<string>,
  seen: Map<string, string>,
): void {
  for (const [i, c] of entries(nodes)) {
    const id = str(c.id);
    if (id !== null) unique(ctx, seen, id, [...path, i, 'id']);
    reference(ctx, teams, c.team, [...path, i, 'team'], 'a team under `teams`');
    checkCategories(ctx, c.children, [...path, i, 'children'], teams, seen);
  }
}

/** A user id on another platform belongs to one person only, as Slack and Teams ids do. */
function uniqueAccounts(ctx: Ctx, root: Obj): void {
  const seen = new Map<string, Map<string, string>>();
  for (const [i, p] of entries(root.people)) {
    for (const [platform, account] of Object.entries(asObj(p.accounts) ?? {})) {
      const v = str(account);
      if (v === null) continue;
      const ids = seen.get(platform) ?? new Map<string, string>();
      seen.set(platform, ids);
      unique(ctx, ids, v, ['people', i, 'accounts', platform]);
    }
  }
}

/** Ids are unique, and every id that names a team or a person names one that is configured. */
export function checkReferences(value: unknown, ctx: Ctx): void {
  const root = asObj(value);
  if (!root) return;
  uniqueField(ctx, root, 'natures', 'id');
  const people = uniqueField(ctx, root, 'people', 'id');
  uniqueField(ctx, root, 'people', 'slack');
  uniqueField(ctx, root, 'people', 'teams');
  uniqueAccounts(ctx, root);
  const teams = uniqueField(ctx, root, 'teams', 'id');
  const person = 'a person under `people`';
  for (const [i, t] of entries(root.teams)) {
    reference(ctx, people, t.lead, ['teams', i, 'lead'], person);
    const members: unknown[] = Array.isArray(t.members) ? t.members : [];
    for (const [j, m] of members.entries()) reference(ctx, people, m, ['teams', i, 'members', j], person);
  }
  checkCategories(ctx, root.categories, ['categories'], teams, new Map());
}

/** The whole pipeline: structure, cross-references (reported beside structural errors), normalisation. */
export const configSchema = rawConfigSchema
  .superRefine((value, ctx) => checkReferences(value, ctx as unknown as Ctx), { when: () => true })
  .transform(toTriageConfig);

export interface ConfigIssue {
  path: Path;
  message: string;
  /** The problem is the key itself (unknown key), not its value. */
  atKey: boolean;
}

export type ParseResult = { ok: true; config: TriageConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates and normalises a parsed YAML value; `null` (an empty file) means all defaults. */
export function parseConfig(input: unknown): ParseResult {
  const r = configSchema.safeParse(input ?? {}, { reportInput: true, error: defaultMessage });
  if (r.success) return { ok: true, config: r.data };
  const issues = r.error.issues.map((i) => ({
    path: i.path.filter((k): k is string | number => typeof k !== 'symbol'),
    message: i.message,
    atKey: i.code === 'custom' && i.params?.unknownKey === true,
  }));
  return { ok: false, issues };
}

// ---- defaults (spec "Reference data") ------------------------------------------------------

const L = (zh: string, en: string): Labels => ({ 'zh-CN': zh, en });
const dur = (value: number, unit: Duration['unit']): Duration => ({ value, unit });
const rule = (deadline: EscalationRule['deadline'], pct: number, t: EscalationRule['targets'][number]) => ({
  deadline,
  at: { fraction: pct / 100 },
  targets: [t],
});
const ladder = (steps: [number, EscalationRule['targets'][number]][]): EscalationRule[] =>
  (['respond', 'resolve'] as const).flatMap((d) => steps.map(([pct, t]) => rule(d, pct, t)));

export function defaultConfig(): TriageConfig {
  const urgent = ladder([
    [50, 'team'],
    [80, 'lead'],
    [100, 'manager'],
  ]);
  const normal = ladder([
    [80, 'lead'],
    [100, 'manager'],
  ]);
  return {
    locale: 'zh-CN',
    numberPrefix: 'INC',
    natures: [
      { id: 'fault', label: L('故障', 'Fault'), rank: 1, notifyManager: false },
      { id: 'service_request', label: L('服务请求', 'Service request'), rank: 2, notifyManager: false },
      { id: 'consultation', label: L('咨询', 'Consultation'), rank: 3, notifyManager: false },
      { id: 'complaint', label: L('投诉', 'Complaint'), rank: 4, notifyManager: true },
      { id: 'suggestion', label: L('建议', 'Suggestion'), rank: 5, notifyManager: true },
    ],
    categories: [],
    people: [],
    teams: [],
    channels: { desk: {}, managers: {} },
    priorityMatrix: defaultPriorityMatrix(),
    provisionalPriority: 3,
    sla: {
      1: { respond: dur(15, 'minutes'), resolve: dur(4, 'hours'), clock: '24x7' },
      2: { respond: dur(30, 'minutes'), resolve: dur(8, 'hours'), clock: '24x7' },
      3: { respond: dur(2, 'hours'), resolve: dur(3, 'days'), clock: 'business' },
      4: { respond: dur(8, 'hours'), resolve: dur(5, 'days'), clock: 'business' },
    },
    escalation: { 1: urgent, 2: urgent, 3: normal, 4: normal },
    limits: {
      acceptanceMinutes: 30,
      acceptanceRepings: 1,
      onsiteFeedbackMinutes: 60,
      autoCloseAfter: dur(3, 'days'),
    },
    calendar: {
      timeZone: 'Asia/Shanghai',
      workingHours: [
        { from: 9 * 60, to: 12 * 60 },
        { from: 13 * 60, to: 18 * 60 },
      ],
      weekend: [6, 0],
      holidays: 'cn',
      extraHolidays: [],
      extraWorkdays: [],
      extraCoveredYears: [],
    },
    reports: { schedule: { weekly: null, monthly: null } },
  };
}

// ---- normalisation -------------------------------------------------------------------------

function byPriority<I, O>(
  raw: Partial<Record<'P1' | 'P2' | 'P3' | 'P4', I | null | undefined>> | null | undefined,
  fallback: Readonly<Record<Priority, O>>,
  /** `fallback` is the priority's default, for the keys an entry leaves out. */
  map: (entry: I, fallback: O) => O,
): Record<Priority, O> {
  const pick = (p: Priority): O => {
    const entry = raw?.[`P${p}`];
    return entry == null ? fallback[p] : map(entry, fallback[p]);
  };
  return { 1: pick(1), 2: pick(2), 3: pick(3), 4: pick(4) };
}

type FriendlyAccounts = {
  slack?: string | null;
  teams?: string | null;
  accounts?: Record<string, string> | null;
};

/** The YAML's friendly `slack:`/`teams:` keys and `accounts:` → one map keyed by platform. */
const toAccounts = (c: FriendlyAccounts | null | undefined): ChatChannels => {
  const out: Record<string, string> = { ...(c?.accounts ?? {}) };
  if (c?.slack) out.slack = c.slack;
  if (c?.teams) out.teams = c.teams;
  return out;
};

const toLabels = (l: Labels): Labels => ({ 'zh-CN': l['zh-CN'], en: l.en });

/** Depth-first, parents before children; a category without a team inherits its parent's. */
function flattenCategories(
  nodes: readonly CategoryInput[],
  parent: CategoryDef | null = null,
): CategoryDef[] {
  return nodes.flatMap((n) => {
    const def: CategoryDef = {
      id: n.id,
      label: toLabels(n.label),
      parent: parent?.id ?? null,
      team: n.team ?? parent?.team ?? null,
    };
    return [def, ...flattenCategories(n.children ?? [], def)];
  });
}

function toTriageConfig(raw: RawConfig): TriageConfig {
  const d = defaultConfig();
  const cal = raw.calendar;
  const lim = raw.limits;
  return {
    locale: raw.locale ?? d.locale,
    numberPrefix: raw.number_prefix ?? d.numberPrefix,
    natures:
      raw.natures?.map(
        (n): NatureDef => ({
          id: n.id,
          label: toLabels(n.label),
          rank: n.rank,
          notifyManager: n.notify_manager ?? false,
          ...(n.highest_priority ? { highestPriority: n.highest_priority as Priority } : {}),
        }),
      ) ?? d.natures,
    categories: flattenCategories(raw.categories ?? []),
    people: (raw.people ?? []).map(
      (p): PersonDef => ({
        id: p.id,
        name: p.name,
        roles: p.roles ?? [],
        accounts: toAccounts(p),
        locale: p.locale ?? null,
        ...(p.time_zone ? { timeZone: p.time_zone } : {}),
        ...(p.phone ? { phone: p.phone } : {}),
        ...(p.email ? { email: p.email } : {}),
      }),
    ),
    teams: (raw.teams ?? []).map(
      (t): TeamDef => ({
        id: t.id,
        label: toLabels(t.label),
        lead: t.lead ?? null,
        members: t.members ?? [],
        channels: toAccounts(t.channels),
        ...(t.members_from ? { membersFrom: toSources(t.members_from) } : {}),
      }),
    ),
    channels: { desk: toAccounts(raw.channels?.desk), managers: toAccounts(raw.channels?.managers) },
    priorityMatrix: (raw.priority_matrix as Priority[][] | null | undefined) ?? d.priorityMatrix,
    provisionalPriority: raw.provisional_priority ?? d.provisionalPriority,
    sla: byPriority(
      raw.sla,
      d.sla,
      (s, d): SlaTarget => ({
        respond: s.respond ?? d.respond,
        resolve: s.resolve ?? d.resolve,
        clock: s.clock ?? d.clock,
      }),
    ),
    escalation: byPriority(raw.escalation, d.escalation, (rules) =>
      rules.map((r): EscalationRule => ({ deadline: r.deadline, at: r.at, targets: r.targets })),
    ),
    limits: {
      acceptanceMinutes: lim?.acceptance_within ?? d.limits.acceptanceMinutes,
      acceptanceRepings: lim?.acceptance_repings ?? d.limits.acceptanceRepings,
      onsiteFeedbackMinutes: lim?.onsite_feedback_within ?? d.limits.onsiteFeedbackMinutes,
      autoCloseAfter: lim?.auto_close_after ?? d.limits.autoCloseAfter,
    },
    reports: { schedule: toSchedule(raw.reports?.schedule) },
    ...(raw.directory ? { directory: toDirectory(raw.directory) } : {}),
    calendar: {
      timeZone: cal?.time_zone ?? d.calendar.timeZone,
      workingHours: cal?.working_hours ?? d.calendar.workingHours,
      weekend: cal?.weekend ?? d.calendar.weekend,
      holidays: cal?.holidays ?? d.calendar.holidays,
      extraHolidays: cal?.extra_holidays ?? [],
      extraWorkdays: cal?.extra_workdays ?? [],
      extraCoveredYears: cal?.extra_covered_years ?? [],
    },
  };
}

function toSchedule(raw: z.output<typeof reportSchedule> | null | undefined): ReportSchedule {
  const weekly = raw?.weekly;
  const monthly = raw?.monthly;
  return {
    weekly: weekly ? { weekday: weekly.day as number, minuteOfDay: weekly.at } : null,
    monthly: monthly ? { day: monthly.day, minuteOfDay: monthly.at } : null,
  };
}

type RawSources = z.output<typeof memberSources> | null | undefined;
const toSources = (raw: RawSources): MemberSources => ({
  ...(raw?.slack?.length ? { slack: raw.slack } : {}),
  ...(raw?.teams?.length ? { teams: raw.teams } : {}),
});

const DEFAULT_REFRESH_MINUTES = 15;
function toDirectory(raw: z.output<typeof directory>): DirectoryConfig {
  return {
    refreshMinutes: raw.refresh ?? DEFAULT_REFRESH_MINUTES,
    desk: toSources(raw.desk),
    managers: toSources(raw.managers),
    onsite: toSources(raw.onsite),
  };
}
