// Effects of a decision → who must hear what. Pure: the delivery loop or queue hands the result
// to every chat adapter that is on.
import {
  type Labels,
  type Locale,
  nowhereInChat,
  type PersonDef,
  type TriageConfig,
} from '../core/config.js';
import type { Asker, Effect, ReporterEvent } from '../core/decision.js';
import { mayRateNow } from '../core/guards.js';
import { DONE_STATUSES, type Incident } from '../core/types.js';
import { type MessageKey, suggestedText } from '../i18n/index.js';
import { incidentParams, teamLabel } from './notification-params.js';
import type { LocalText, Notification, NotificationKind, ParamValue, Recipient } from './notifier.js';
import { pingNotifications } from './ping-notifications.js';

const text = (key: MessageKey, params: Record<string, ParamValue> = {}): LocalText => ({ key, params });

export function notificationsFor(effect: Effect, incident: Incident, cfg: TriageConfig): Notification[] {
  const base = incidentParams(incident, cfg);
  const make = (
    kind: NotificationKind,
    recipient: Recipient,
    t: LocalText,
    withCard = false,
  ): Notification => ({
    incidentId: incident.id,
    kind,
    recipient,
    text: t,
    withCard,
  });
  switch (effect.type) {
    case 'notify_reporter':
      return [reporterUpdate(effect, incident, base)];
    case 'notify_manager':
      return managerRecipients(cfg).map((r) =>
        make(
          'manager_notice',
          r,
          text(
            `manager.${effect.reason}`,
            Object.assign({}, base, { verification: effect.verification ?? '—' }),
          ),
          true,
        ),
      );
    case 'post_assignment': {
      // IM2.11 "phone them first": the lead's number, when the configuration has one.
      const lead = leadOf(cfg, effect.team);
      const says = lead?.phone
        ? text('team.assignment_call_lead', Object.assign({}, base, { lead: lead.name, phone: lead.phone }))
        : text('team.assignment', base);
      return [make('assignment', { kind: 'team', teamId: effect.team, mention: true }, says, true)];
    }
    case 'request_advice': {
      // IM2.9: what the team needs to answer — the incident's title and priority in the text, its
      // history a click away (the team asked may read the incident: core/read-access.ts).
      const params = Object.assign({}, base, { question: effect.question });
      const asked = make(
        'advice_request',
        { kind: 'team', teamId: effect.team, mention: true },
        text('team.advice_request', params),
      );
      return [Object.assign(asked, { readActions: ['history'] })];
    }
    case 'post_decline': {
      const params = Object.assign({}, base, {
        team: teamLabel(cfg, effect.team),
        reason: effect.reason,
        suggested: suggestedLabels(cfg, effect.suggestedTeam, effect.suggestion ?? null),
      });
      return [make('decline', { kind: 'desk' }, text('desk.declined', params))];
    }
    case 'dispatch_onsite': {
      const params = Object.assign({}, base, taskParams(incident, effect.taskId));
      const says = params.note
        ? text('onsite.dispatch_notice_note', params)
        : text('onsite.dispatch_notice', params);
      return [
        ...effect.engineers.map((id) =>
          make('onsite_dispatch', { kind: 'person', personId: id }, says, true),
        ),
        ...unreachable(cfg, effect.engineers).map((p) =>
          make(
            'onsite_unreachable',
            { kind: 'desk' },
            text('desk.onsite_unreachable', Object.assign({}, base, contact(p))),
          ),
        ),
        ...visitAnnounced(incident, cfg, effect.engineers, params),
      ];
    }
    case 'notify_onsite_rescheduled': {
      const params = Object.assign({}, base, taskParams(incident, effect.taskId));
      const says = text('onsite.rescheduled_notice', params);
      return [
        ...effect.engineers.map((id) => make('onsite_rescheduled', { kind: 'person', personId: id }, says)),
        toReporter(incident, text('reporter.onsite_rescheduled', params)),
      ];
    }
    case 'notify_onsite_cancelled':
      return [
        ...effect.engineers.map((id) =>
          make('onsite_cancelled', { kind: 'person', personId: id }, text('onsite.cancelled_notice', base)),
        ),
        // Cancelled because the incident was resolved or withdrawn: that message says enough.
        ...(DONE_STATUSES.includes(incident.status)
          ? []
          : [toReporter(incident, text('reporter.onsite_cancelled', base))]),
      ];
    case 'relay_to_team':
      return [
        make(
          'relay',
          { kind: 'team', teamId: effect.team, mention: false },
          text(TEAM_RELAY[effect.from ?? 'desk'], Object.assign({}, base, { text: effect.text })),
        ),
      ];
    case 'relay_advice': {
      const params = Object.assign({}, base, {
        name: effect.author,
        team: teamLabel(cfg, effect.team),
        text: effect.text,
      });
      return [make('relay', { kind: 'desk' }, text('relay.advice_answer', params))];
    }
    case 'relay_to_desk':
      return [
        make(
          'relay',
          { kind: 'desk' },
          text(DESK_RELAY[effect.from ?? 'team'], Object.assign({}, base, { text: effect.text })),
        ),
      ];
    case 'notify_deadlines_recomputed':
      // Rows queued before resolveMoved existed lack it: the team is told, as it was then.
      return deadlinesRecomputed(incident, base, effect.provisional, effect.resolveMoved !== false);
    case 'escalate':
    case 'notify_pinged':
      return pingNotifications(effect, incident, cfg);
    default:
      return [];
  }
}

/**
 * IM5.1 satisfaction is asked for here, once: the reporter who confirmed rates on the card they
 * just clicked (refreshed in place); closed without them, the card comes with the question.
 */
function reporterUpdate(
  { event, detail, asker }: Extract<Effect, { type: 'notify_reporter' }>,
  incident: Incident,
  base: Record<string, ParamValue>,
): Notification {
  const askToRate = event === 'closed' && incident.reporterConfirmedAt === null && mayRateNow(incident);
  const key: MessageKey = askToRate ? 'reporter.closed_rate' : reporterKey(event, incident, asker);
  const params = Object.assign({}, base, {
    question: detail ?? '',
    score: incident.satisfaction?.score ?? '',
    // IM5.1 cancelled: the reason given, and the incident it duplicates (its reference).
    reason: detail ?? '',
    duplicateOf: incident.duplicateOf ?? '',
  });
  return {
    incidentId: incident.id,
    kind: 'reporter_update',
    recipient: { kind: 'reporter' },
    text: text(key, params),
    withCard: event === 'resolved' || askToRate,
  };
}

/** The decline's suggestion in each language: team, words or both (src/i18n suggestedText). */
function suggestedLabels(cfg: TriageConfig, teamId: string | null, words: string | null): Labels | string {
  const team = teamId ? teamLabel(cfg, teamId) : null;
  const one = (locale: Locale) =>
    suggestedText(locale, team === null || typeof team === 'string' ? team : team[locale], words) ?? '—';
  return { en: one('en'), 'zh-CN': one('zh-CN') };
}

/**
 * IM2.1's priority is the classification rule's guess until the desk prioritises (IM2.3): the
 * reporter is told it is provisional, not a settled "二级" that IM2.3 may overturn a minute later.
 */
// The question is worded by who asked: "the service desk needs…" at IM2.5, not "the team
// handling…" (no team handles it yet). An effect stored before `asker` existed reads as before.
function reporterKey(event: ReporterEvent, incident: Incident, asker?: Asker): MessageKey {
  if (event === 'classified' && !incident.priorityConfirmed) return 'reporter.classified_provisional';
  if (event === 'info_requested' && asker === 'desk') return 'reporter.info_requested_by_desk';
  // Withdrawn by the reporter: they know why. Cancelled by the desk: they are told why, and
  // which incident to follow when it duplicates one.
  if (event === 'cancelled' && incident.closedBy !== incident.reporterId)
    return incident.duplicateOf ? 'reporter.cancelled_duplicate' : 'reporter.cancelled_by_desk';
  return `reporter.${event}`;
}

/** Whose words reach a team's thread: the desk's, the reporter's reply, a reopen reason. */
const TEAM_RELAY = {
  desk: 'relay.from_desk',
  reporter: 'relay.from_reporter',
  reopen: 'relay.reopened',
  onsite: 'relay.onsite_feedback',
} as const satisfies Record<string, MessageKey>;

/** Whose words reach the desk's thread: the reporter's, a reopen reason, on-site feedback, a team's. */
const DESK_RELAY = {
  reporter: 'relay.from_reporter',
  reopen: 'relay.reopened',
  onsite: 'relay.onsite_feedback',
  withdrawn: 'relay.withdrawn',
  team: 'relay.from_team',
} as const satisfies Record<string, MessageKey>;

/**
 * IM2.6: the reporter, whose desk it is, hears who comes and when (not the desk's note for the
 * engineers); a team already holding the incident hears it in its thread.
 */
function visitAnnounced(
  incident: Incident,
  cfg: TriageConfig,
  engineers: readonly string[],
  params: Record<string, ParamValue>,
): Notification[] {
  const names = engineers.map((id) => cfg.people.find((p) => p.id === id)?.name ?? id).join(', ');
  const said = Object.assign({}, params, { names });
  const team = incident.assignedTeam;
  const toTeam: Notification[] = team
    ? [
        {
          incidentId: incident.id,
          kind: 'relay',
          recipient: { kind: 'team', teamId: team, mention: false },
          text: text('team.onsite_scheduled', said),
          withCard: false,
        },
      ]
    : [];
  return [toReporter(incident, text('reporter.onsite_scheduled', said)), ...toTeam];
}

/**
 * IM2.3 by the calendar: the reporter hears the new deadlines and why they moved — once the desk
 * has responded, only the resolution deadline, and only when it moved (a response deadline met
 * is no news); a team holding the incident hears its new resolution deadline in its thread (its
 * escalations run on it) when that deadline moved. The desk needs no message: its card is
 * refreshed with the new deadlines.
 */
function deadlinesRecomputed(
  incident: Incident,
  params: Record<string, ParamValue>,
  provisional: boolean,
  resolveMoved: boolean,
): Notification[] {
  const resolution = text(
    provisional ? 'resolution.deadline_recomputed_provisional' : 'resolution.deadline_recomputed',
    params,
  );
  const team = incident.assignedTeam;
  const held = team !== null && resolveMoved && !DONE_STATUSES.includes(incident.status);
  const toTeam: Notification[] = held
    ? [
        {
          incidentId: incident.id,
          kind: 'relay',
          recipient: { kind: 'team', teamId: team, mention: false },
          text: resolution,
          withCard: false,
        },
      ]
    : [];
  if (incident.respondedAt) return resolveMoved ? [toReporter(incident, resolution), ...toTeam] : toTeam;
  const key = provisional ? 'reporter.deadlines_recomputed_provisional' : 'reporter.deadlines_recomputed';
  return [toReporter(incident, text(key, params)), ...toTeam];
}

const toReporter = (incident: Incident, says: LocalText): Notification => ({
  incidentId: incident.id,
  kind: 'reporter_update',
  recipient: { kind: 'reporter' },
  text: says,
  withCard: false,
});

/** The window (and the desk's note) of an on-site task, for the engineers' messages. */
function taskParams(incident: Incident, taskId: string): Record<string, ParamValue> {
  const task = incident.onsite.find((x) => x.id === taskId);
  return task
    ? { from: task.windowStart, to: task.windowEnd, note: task.note }
    : { from: '', to: '', note: '' };
}

/** Engineers no chat platform can reach: the desk is told at once, with how to reach them. */
const unreachable = (cfg: TriageConfig, ids: readonly string[]): PersonDef[] =>
  cfg.people.filter((p) => ids.includes(p.id) && nowhereInChat(p.accounts));

const contact = (p: PersonDef) => ({ name: p.name, phone: p.phone ?? '—', email: p.email ?? '—' });

const leadOf = (cfg: TriageConfig, teamId: string) => {
  const lead = cfg.teams.find((t) => t.id === teamId)?.lead;
  return lead ? cfg.people.find((p) => p.id === lead) : undefined;
};

/** The managers' channel, and each incident manager by direct message ("at once", IM2.4). */
export function managerRecipients(cfg: TriageConfig): Recipient[] {
  const managers = cfg.people.filter((p) => p.roles.includes('manager'));
  return [{ kind: 'managers' }, ...managers.map((p): Recipient => ({ kind: 'person', personId: p.id }))];
}
