// The reference data the process relies on (spec "Reference data"): every value is configurable.
// These are the validated, normalised shapes the core reads; src/config parses YAML into them.
import type { Level, Priority, Role } from './types.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** A user-facing name in both languages. */
export interface Labels {
  'zh-CN': string;
  en: string;
}

export interface NatureDef {
  id: string;
  label: Labels;
  /** Lower rank = handled first; the seed: a fault outranks a service request. */
  rank: number;
  /** IM2.2: complaint and suggestion natures are verified and reported to the incident manager. */
  notifyManager: boolean;
  /**
   * IM2.1 "a fault's priority ranks above a service request's", as a cap: the best priority an
   * incident of this nature may get from the matrix (2 = never P1). Undefined: no cap.
   */
  highestPriority?: Priority;
}

/** A node of the category tree; `team` is the classification rule for IM2.11 routing. */
export interface CategoryDef {
  id: string;
  label: Labels;
  parent: string | null;
  /** Default second-line team; inherited from the nearest ancestor that names one. */
  team: string | null;
}

/**
 * A chat platform's id ("slack", "teams", …). The core never lists them: each adapter names its
 * own, so adding a platform changes nothing here (docs/platforms.md).
 */
export type PlatformId = string;

/** A person's user id, or a place's channel id, on each platform it has one on. */
export type Accounts = Readonly<Record<PlatformId, string>>;

/** The account on one platform, or null when there is none. */
export const accountOn = (accounts: Accounts, platform: PlatformId): string | null =>
  Object.hasOwn(accounts, platform) ? (accounts[platform] ?? null) : null;

/** No account on any platform: a person no chat reaches, a team or channel nowhere in chat. */
export const nowhereInChat = (accounts: Accounts): boolean => Object.keys(accounts).length === 0;

export interface PersonDef {
  id: string;
  name: string;
  roles: readonly Role[];
  /** User ids keyed by platform. */
  accounts: Accounts;
  locale: Locale | null;
  /** For people to call (a team lead at IM2.11) and for those without a chat account. */
  phone?: string;
  email?: string;
}

/** Channel ids keyed by platform. */
export type ChatChannels = Accounts;

export interface TeamDef {
  id: string;
  label: Labels;
  lead: string | null;
  members: readonly string[];
  channels: ChatChannels;
  /** Where the platforms keep this team's members (the directory adds them to `members`). */
  membersFrom?: MemberSources;
}

/**
 * A group kept on the chat platforms: per platform, the ids of user groups and channels (Slack)
 * or team and channel rosters (Teams) whose members belong to it (issue 16 item 1).
 */
export type MemberSources = Readonly<Record<PlatformId, readonly string[]>>;

/** People and roles taken from the platforms, refreshed while the bot runs (src/app/directory). */
export interface DirectoryConfig {
  /** How often the platforms are asked again. */
  refreshMinutes: number;
  /** Members become desk agents, incident managers, on-site engineers. */
  desk: MemberSources;
  managers: MemberSources;
  onsite: MemberSources;
}

export type DurationUnit = 'minutes' | 'hours' | 'days';
/** On a business clock, hours are working hours and a day is one full working day. */
export interface Duration {
  value: number;
  unit: DurationUnit;
}

export type ClockKind = '24x7' | 'business';

export interface SlaTarget {
  respond: Duration;
  resolve: Duration;
  clock: ClockKind;
}

/** `next_team`: the assigned team, or while none holds it the team it goes to next (the last
 *  decline's suggestion, else the classification rule's team), else the service desk. */
export type EscalationTarget = 'team' | 'next_team' | 'lead' | 'manager';
export type EscalationThreshold = { fraction: number } | { minutes: number };

/** Hierarchical/functional escalation at a point of a deadline (spec: 50%, 80%, 100%). */
export interface EscalationRule {
  deadline: 'respond' | 'resolve';
  at: EscalationThreshold;
  targets: readonly EscalationTarget[];
}

export interface WorkingPeriod {
  /** Minutes after local midnight. */
  from: number;
  to: number;
}

export interface CalendarConfig {
  timeZone: string;
  /** Working periods of a working day, sorted, non-overlapping (e.g. a lunch break between). */
  workingHours: readonly WorkingPeriod[];
  /** Days of the week that are not worked (0 = Sunday). */
  weekend: readonly number[];
  /** `cn`: mainland-China public holidays and make-up workdays (chinese-days). */
  holidays: 'cn' | 'none';
  /** Operator-added days (YYYY-MM-DD, local). */
  extraHolidays: readonly string[];
  extraWorkdays: readonly string[];
  /** Years the operator vouches for although the holiday data does not cover them. */
  extraCoveredYears: readonly number[];
}

export interface Limits {
  /** Second-line acceptance limit after IM2.11 assignment (minutes, 24×7). */
  acceptanceMinutes: number;
  /** How many re-pings of the team before the acceptance limit escalates to lead and manager. */
  acceptanceRepings: number;
  /** On-site feedback limit after the agreed service window ends (minutes, 24×7). */
  onsiteFeedbackMinutes: number;
  /** The desk may close without reporter confirmation after this silence. */
  autoCloseAfter: Duration;
}

/** When the managers get the period report unasked (issue 13 item 4); times in the desk's zone. */
export interface ReportSchedule {
  /** Last week's report on this weekday (0 = Sunday … 6) at this minute of the day. */
  weekly: { weekday: number; minuteOfDay: number } | null;
  /** Last month's report on this day of the month (1–28) at this minute of the day. */
  monthly: { day: number; minuteOfDay: number } | null;
}

export interface TriageConfig {
  locale: Locale;
  numberPrefix: string;
  natures: readonly NatureDef[];
  categories: readonly CategoryDef[];
  people: readonly PersonDef[];
  teams: readonly TeamDef[];
  channels: { desk: ChatChannels; managers: ChatChannels };
  /** priorityMatrix[impact - 1][urgency - 1]. */
  priorityMatrix: readonly (readonly Priority[])[];
  /** Priority used before IM2.3 when the reporter gave no severity. */
  provisionalPriority: Priority;
  sla: Readonly<Record<Priority, SlaTarget>>;
  escalation: Readonly<Record<Priority, readonly EscalationRule[]>>;
  limits: Limits;
  calendar: CalendarConfig;
  /** Scheduled reports; absent: none are sent. */
  reports?: { schedule: ReportSchedule };
  /** People and roles from the platforms' directories; absent: the configuration's own only. */
  directory?: DirectoryConfig;
}

/** The seed's common rule: priority = floor((impact + urgency) / 2). */
export function defaultPriorityMatrix(): Priority[][] {
  const levels: Level[] = [1, 2, 3, 4];
  return levels.map((impact) => levels.map((urgency) => Math.floor((impact + urgency) / 2) as Priority));
}
