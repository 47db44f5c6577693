// Rendering text for chat users in their language. The catalogs are plain data; this file fills
// placeholders, renders domain errors and formats dates and durations per locale.
import type { CommandType } from '../core/commands.js';
import type { ClockKind, Labels, Locale } from '../core/config.js';
import type { ManagerReason, ReporterEvent } from '../core/decision.js';
import type { DomainError, DomainErrorCode, ErrorParams } from '../core/errors.js';
import type { ClosureCode, DeadlineKind, OnsiteState, Role, Status, StepCode } from '../core/types.js';
import { type Catalog, en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type { Catalog, MessageKey };

export const catalogs: Readonly<Record<Locale, Catalog>> = { en, 'zh-CN': zhCN };

/** DomainErrorCode is only a type in core/errors.ts; this is its runtime list (checked below). */
export const DOMAIN_ERROR_CODES = [
  'not_found',
  'wrong_state',
  'forbidden',
  'stale_version',
  'already_done',
  'unknown_nature',
  'unknown_category',
  'unknown_team',
  'unknown_person',
  'invalid_level',
  'invalid_input',
  'already_saved',
  'already_rated',
  'not_yours',
] as const satisfies readonly DomainErrorCode[];

/** What users can do: every CommandType plus reporting (IM1); `action.*` keys name them. */
export const ACTIONS = [
  'report',
  'classify',
  'prioritise',
  'decide_onsite',
  'dispatch_onsite',
  'acknowledge_onsite',
  'onsite_feedback',
  'apply_match',
  'no_match',
  'add_worklog',
  'ask_advice',
  'resolve',
  'assign',
  'accept',
  'decline',
  'in_scope',
  'confirm',
  'reopen',
  'close',
  'cancel',
  'wait_for_reporter',
  'reporter_replied',
  'cancel_onsite',
  'rate',
] as const;
export type ActionName = (typeof ACTIONS)[number];

export const DEADLINE_STATES = ['met', 'met_late', 'running', 'due_soon', 'overdue', 'paused'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

// Compile-time completeness: a new status, step, error code… without a message fails `tsc`.
type Expect<T extends true> = T;
export type AllErrorCodesListed = Expect<
  [DomainErrorCode] extends [(typeof DOMAIN_ERROR_CODES)[number]] ? true : false
>;
export type CatalogCoversDomain = Expect<
  [
    | `status.${Status}`
    | `step.${StepCode}`
    | `closure.${ClosureCode}`
    | `error.${DomainErrorCode}`
    | `reporter.${ReporterEvent}`
    | `manager.${ManagerReason}`
    | `role.${Role}`
    | `role.${Role}.plural`
    | `deadline.kind.${DeadlineKind}`
    | `deadline.state.${DeadlineState}`
    | `action.${ActionName}`
    | `action.${CommandType}`
    | `onsite.${OnsiteState}`,
  ] extends [MessageKey]
    ? true
    : false
>;

export type Params = Readonly<Record<string, string | number>>;

export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** A placeholder, and the full stop the template puts after it, if any. */
const PLACEHOLDER = /\{(\w+)\}([。．.！!？?])?/g;
const ENDS_SENTENCE = /[。．.！!？?]$/;
const LATIN_STOP = /[.!?]$/;

/**
 * Fills `{name}` placeholders; a missing parameter stays visible as `{name}`. People's words
 * often end their own sentence ("均正常。"): the template's full stop after them is then left
 * out, not doubled ("均正常。。") — here once, for every template, and their own "？" is kept.
 * Likewise a template's space between Chinese and a Chinese value is left out ("已转交网络组处理",
 * not "已转交 网络组 处理"), while "INC-000002" or a Latin team name keeps its spaces.
 */
export function interpolate(template: string, params?: Params): string {
  // Most labels have no placeholder: no regular expression, no new string (views ask for dozens).
  if (!params || !template.includes('{')) return template;
  const { slots, tail } = compiled(template);
  let out = '';
  // The template's space after the previous value was left out (Chinese on both sides).
  let skip = false;
  for (const slot of slots) {
    let before = skip ? slot.before.slice(1) : slot.before;
    skip = false;
    const value = params[slot.name];
    if (value === undefined) {
      out += before + slot.whole;
      continue;
    }
    const text = String(value);
    const prior = before.length > 1 ? before.at(-2) : out.at(-1);
    if (before.endsWith(' ') && prior && HAN.test(prior) && HAN.test(text.charAt(0)))
      before = before.slice(0, -1);
    out += before + (slot.stop && !ENDS_SENTENCE.test(text) ? text + slot.stop : text);
    // A value ending its own sentence the Latin way ("Tested with 3 users.") in place of the
    // template's "。": a space before the Chinese that follows, not "users.请确认".
    if (slot.stop && LATIN_STOP.test(text) && HAN.test(slot.after)) out += ' ';
    skip =
      !slot.stop && slot.spaceAfter && HAN.test(slot.afterSpace) && HAN.test(text.charAt(text.length - 1));
  }
  return out + (skip ? tail.slice(1) : tail);
}

/** A placeholder of a template and the text before it (from the previous one's end). */
interface Slot {
  before: string;
  /** The placeholder as written, with its full stop: shown as is when its parameter is missing. */
  whole: string;
  name: string;
  stop: string | undefined;
  /** A space follows the placeholder (and its stop), and this character after that space. */
  spaceAfter: boolean;
  afterSpace: string;
  /** The character right after the placeholder and its stop. */
  after: string;
}

/** Templates split at their placeholders once, not by a regular expression on every call (a
 *  card fills dozens: each match was an array, the iterator an object, each piece a slice).
 *  Catalog templates are a few hundred; any other template is kept too, up to a bound. */
const COMPILED = new Map<string, { slots: Slot[]; tail: string }>();
const MAX_COMPILED = 2_000;

function compiled(template: string): { slots: Slot[]; tail: string } {
  let c = COMPILED.get(template);
  if (c) return c;
  const slots: Slot[] = [];
  let from = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const [whole, name, stop] = m;
    const end = m.index + whole.length;
    slots.push({
      before: template.slice(from, m.index),
      whole,
      name: name as string,
      stop,
      spaceAfter: template[end] === ' ',
      afterSpace: template.charAt(end + 1),
      after: template.charAt(end),
    });
    from = end;
  }
  c = { slots, tail: template.slice(from) };
  if (COMPILED.size >= MAX_COMPILED) COMPILED.clear();
  COMPILED.set(template, c);
  return c;
}

/** Chinese characters and full-width punctuation: no space between them and a Chinese value. */
const HAN = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;

/**
 * A status as its reader reads it. The reporter is not told "Declined" when a team hands the
 * incident back to the desk (IM2.14): they read that as their report being rejected, while the
 * desk is finding the right team — so they read "being reassigned".
 */
export function statusLabel(locale: Locale, status: Status, reader: 'reporter' | 'staff'): string {
  return t(
    locale,
    reader === 'reporter' && status === 'declined' ? 'status.declined.reporter' : `status.${status}`,
  );
}

export function t(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(catalogs[locale][key], params);
}

export const label = (locale: Locale, labels: Labels): string => labels[locale];

/**
 * IM2.14's suggestion for the next dispatch: the team, the words, or both ("应用组（附言：找王工）"),
 * as the desk notice, the card and the history all show it.
 */
export function suggestedText(locale: Locale, team: string | null, words: string | null): string | null {
  if (team && words) return t(locale, 'decline.suggested_with_words', { team, words });
  return team || words || null;
}

/** A label before its value as the language writes it: "Reporter: " / "报告人：". */
export const labelled = (locale: Locale, text: string): string => t(locale, 'format.label', { label: text });

const PLURAL_RULES = new Map<Locale, Intl.PluralRules>();

/**
 * A message about `n` things, `{n}` filled: its `.one` form where the language's plural rules
 * say so ("1 entry is valid"), else the message itself ("3 entries …"; Chinese has no plural).
 */
export function tCount(locale: Locale, key: MessageKey, n: number, params?: Params): string {
  let rules = PLURAL_RULES.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    PLURAL_RULES.set(locale, rules);
  }
  const one = `${key}.one`;
  return t(
    locale,
    rules.select(n) === 'one' && isMessageKey(one) ? one : key,
    Object.assign({}, params, { n }),
  );
}

// ---- domain errors -------------------------------------------------------------------------

/** Error parameters that are themselves vocabulary: the catalog key for a value, if any. */
const PARAM_KEYS: Readonly<Record<string, (v: string) => string>> = {
  // `onsite_acknowledged` is an on-site task's state, reported through the status parameter.
  status: (v) => (v.startsWith('onsite_') ? `onsite.${v.slice(7)}` : `status.${v}`),
  action: (v) => `action.${v}`,
  field: (v) => `field.${v}`,
  what: (v) => `entity.${v}`,
  reason: (v) => `reason.${v}`,
  closure: (v) => `closure.${v}`,
  // An audit action (what a change did); one the catalogs do not name reads "changed it".
  change: (v) => (isMessageKey(`audit.${v}`) ? `audit.${v}` : 'audit.other'),
};
/** English labels are capitalised; inside a sentence these read better in lower case. */
const IN_SENTENCE = new Set(['status', 'action']);
const OR: Readonly<Record<Locale, string>> = { en: ' or ', 'zh-CN': '或' };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function vocabulary(locale: Locale, name: string, value: string, params: Params): string | null {
  const key = PARAM_KEYS[name]?.(value);
  if (!key || !isMessageKey(key)) return null;
  const text = t(locale, key, params);
  return IN_SENTENCE.has(name) && locale === 'en' ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** `desk|team` (any of these parties) → "the service desk or members of the assigned team". */
function roles(locale: Locale, value: string): string {
  const names = value.split('|').map((r) => {
    const key = `role.${r}.plural`;
    return isMessageKey(key) ? t(locale, key) : r;
  });
  return names.join(OR[locale]);
}

/** Chat platforms by their display name; any other platform id is shown as it is. */
const PLATFORM_NAMES: Readonly<Record<string, string>> = { slack: 'Slack', teams: 'Teams' };

/** A chat platform's name as people know it ("Slack", "Teams"), for reports, filters and notices;
 *  any other id as it is. */
export const platformName = (id: string): string => PLATFORM_NAMES[id] ?? id;

/**
 * The stored name of someone outside the configuration (id `teams:29:…`). When the platform
 * gave no name, the adapter stored the raw chat id as the name: that means nothing to a reader
 * (and says more than they need), so they read "unknown person (Teams)" instead.
 */
export function shownName(locale: Locale, id: string, stored?: string): string {
  const colon = id.indexOf(':');
  const raw = colon > 0 ? id.slice(colon + 1) : null;
  if (stored && stored !== id && stored !== raw) return stored;
  if (raw === null) return stored || id; // a configured person's id, not a chat id
  const platform = id.slice(0, colon);
  return t(locale, 'person.unknown', { platform: PLATFORM_NAMES[platform] ?? platform });
}

function renderParam(
  locale: Locale,
  name: string,
  value: string | number,
  err: DomainError,
  timeZone: string,
) {
  if (typeof value !== 'string') return value;
  if (name === 'role') return roles(locale, value);
  // The bot itself (core/steps/timers.ts SYSTEM_ACTOR_ID): its stored name is English.
  if (name === 'by' && err.params.byId === 'system') return t(locale, 'history.system');
  // Someone outside the configuration whose platform gave no name: not their raw chat id.
  if (name === 'by' && typeof err.params.byId === 'string') return shownName(locale, err.params.byId, value);
  const text = vocabulary(locale, name, value, err.params);
  if (text !== null) return text;
  if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)))
    return formatDateTime(locale, new Date(value), timeZone);
  return value;
}

/**
 * The user-facing text of a domain error. Parameters naming a status, action, role, field,
 * reason or closure code are translated; ISO timestamps are shown in `timeZone` (default UTC).
 */
export function errorMessage(locale: Locale, err: DomainError, opts: { timeZone?: string } = {}): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(err.params as ErrorParams)) {
    params[name] = renderParam(locale, name, value, err, opts.timeZone ?? 'UTC');
  }
  // invalid_input without a reason code (e.g. a bad value) still says what is wrong.
  if (err.code === 'invalid_input' && params.reason === undefined)
    params.reason = t(locale, 'reason.invalid', params);
  return t(locale, errorKey(err), params);
}

/**
 * An on-site task's state comes through wrong_state; it reads better as the task's. Closing
 * before the reporter confirmed names no form field ("确认") but what to wait for, and until when.
 */
function errorKey(err: DomainError): MessageKey {
  if (err.code === 'wrong_state' && String(err.params.status).startsWith('onsite_'))
    return 'error.wrong_state.onsite';
  // IM2.6 acknowledgement and feedback belong to the dispatched engineer, not to on-site staff at large.
  if (err.code === 'forbidden' && err.params.role === 'onsite') return 'error.forbidden.onsite';
  if (err.code === 'invalid_input' && err.params.reason === 'not_confirmed')
    return err.params.until === undefined ? 'error.close_unconfirmed' : 'error.close_unconfirmed_until';
  // A stale card that lost to a change followed by others says how many followed (src/app/race.ts).
  if (err.code === 'stale_version' && typeof err.params.more === 'number')
    return err.params.more === 1 ? 'error.stale_version.more.one' : 'error.stale_version.more';
  return `error.${err.code}`;
}

// ---- dates and durations -------------------------------------------------------------------

// Building an Intl.DateTimeFormat costs far more than using one, and formatToParts is still the
// dearest call here: every view formats the same few instants (reported at, the deadlines)
// again on each command. So formatters are kept per (locale, time zone, options) and finished
// strings per (locale, time zone, instant); both are pure functions of their key.

/** The option sets used below, by name: the cache key needs no JSON.stringify per call. */
const FORMATS = {
  parts: {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  },
  zone: { timeZoneName: 'short' },
} as const satisfies Record<string, Omit<Intl.DateTimeFormatOptions, 'timeZone'>>;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, format: keyof typeof FORMATS): Intl.DateTimeFormat {
  const id = `${locale}|${timeZone}|${format}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...FORMATS[format], timeZone });
    formatters.set(id, f);
  }
  return f;
}

function parts(date: Date, timeZone: string): Record<string, string> {
  const f = formatter('en-US', timeZone, 'parts');
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

/** "GMT+8" → "UTC+8"; where English has a real abbreviation (EDT, CET…) it is kept. */
function zoneName(locale: Locale, date: Date, timeZone: string, offset: string): string {
  const utc = offset === 'GMT' || offset === 'GMT+0' ? 'UTC' : offset.replace(/^GMT/, 'UTC');
  if (locale !== 'en') return utc;
  const short = formatter('en-US', timeZone, 'zone')
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  return short && !/^(GMT|UTC)/.test(short) ? short : utc;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (s: string | undefined) => (s ?? '').padStart(2, '0');

/** Finished strings per locale and time zone, by minute; dropped whole when full (like the calendar's day plans). */
const dateTimes = new Map<string, Map<number, string>>();
const MAX_DATE_TIMES = 10_000;

/**
 * Since 1973 every zone's offset is whole minutes and every change of offset falls on a whole
 * minute, so all instants of one UTC minute read the same (the text shows no seconds): they share
 * one cache entry. A click's deadlines and report time are new instants, but rarely new minutes.
 * Before that (local mean time: Shanghai was UTC+8:05:43 until 1901) each instant is its own key.
 */
const WHOLE_MINUTE_ZONES_FROM = Date.UTC(1973, 0, 1);
const cacheKey = (ms: number): number => (ms >= WHOLE_MINUTE_ZONES_FROM ? ms - (ms % 60_000) : ms);

/** zh-CN: "2026-10-09 10:00 UTC+8"; en: "Fri 9 Oct 2026 10:00 UTC+8" (or "EDT" and the like). */
export function formatDateTime(locale: Locale, date: Date, timeZone: string): string {
  const id = `${locale}|${timeZone}`;
  const ms = cacheKey(date.getTime());
  const cached = dateTimes.get(id)?.get(ms);
  if (cached !== undefined) return cached;
  // An invalid Date or time zone throws here, as before, and leaves nothing in the cache.
  const text = formatDateTimeUncached(locale, date, timeZone);
  let cache = dateTimes.get(id);
  if (!cache) {
    cache = new Map();
    dateTimes.set(id, cache);
  }
  if (cache.size >= MAX_DATE_TIMES) cache.clear();
  cache.set(ms, text);
  return text;
}

function formatDateTimeUncached(locale: Locale, date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  const zone = zoneName(locale, date, timeZone, p.timeZoneName ?? 'GMT');
  if (locale === 'zh-CN') return `${p.year}-${pad(p.month)}-${pad(p.day)} ${time} ${zone}`;
  return `${p.weekday} ${p.day} ${MONTHS[Number(p.month) - 1]} ${p.year} ${time} ${zone}`;
}

const UNITS: Readonly<
  Record<Locale, { d: string; h: string; min: string; sep: string; underMinute: string }>
> = {
  en: { d: ' d', h: ' h', min: ' min', sep: ' ', underMinute: '< 1 min' },
  'zh-CN': { d: '天', h: '小时', min: '分钟', sep: '', underMinute: '不到1分钟' },
};

/** "1 d 2 h 12 min" / "1天2小时12分钟"; sign dropped (callers say "left" or "overdue by"). */
export function formatDuration(locale: Locale, minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const u = UNITS[locale];
  // A deadline passed seconds ago is not "overdue by 0 min".
  if (total === 0 && minutes !== 0) return u.underMinute;
  const pieces: [number, string][] = [
    [Math.floor(total / 1440), u.d],
    [Math.floor((total % 1440) / 60), u.h],
    [total % 60, u.min],
  ];
  const shown = pieces.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`);
  return shown.length > 0 ? shown.join(u.sep) : `0${u.min}`;
}

/**
 * How long is left before a deadline, or how long it has passed ("7 min left", "overdue by
 * 3 min", "met 2 min late", "in 7 min"): one rule for cards, notices and pings. Whole minutes
 * toward zero, so it never says more time is left than there is (7.9 min left is "7 min"); less
 * than a whole minute, none included, is "< 1 min", never "0 min". `minutes` may be fractional.
 */
export function formatSpan(locale: Locale, minutes: number, clock: ClockKind): string {
  const whole = Math.trunc(Math.abs(minutes));
  return whole === 0 ? UNITS[locale].underMinute : formatClockDuration(locale, whole, clock);
}

/** Working time in hours and minutes: "40 business hours 30 min" / "40小时30分钟（工作时间）". */
const BUSINESS: Readonly<Record<Locale, (h: number, m: number) => string>> = {
  en: (h, m) => {
    const hours = h > 0 ? `${h} business hour${h === 1 ? '' : 's'}` : '';
    if (m === 0 && h > 0) return hours;
    return h > 0 ? `${hours} ${m} min` : `${m} business min`;
  },
  'zh-CN': (h, m) => `${h > 0 ? `${h}小时` : ''}${m > 0 || h === 0 ? `${m}分钟` : ''}（工作时间）`,
};

/**
 * A span on a deadline's own clock (the SLA's `clock`). On the business calendar the minutes are
 * working minutes: counted in days of 1440 they read as calendar time ("1天16小时" for 40 working
 * hours, really a week), so they are shown as working hours only, and said to be working time.
 * The wall-clock due instant stands beside it on every card and page.
 */
export function formatClockDuration(locale: Locale, minutes: number, clock: ClockKind): string {
  if (clock !== 'business') return formatDuration(locale, minutes);
  const total = Math.round(Math.abs(minutes));
  if (total === 0 && minutes !== 0) return UNITS[locale].underMinute;
  return BUSINESS[locale](Math.floor(total / 60), total % 60);
}
