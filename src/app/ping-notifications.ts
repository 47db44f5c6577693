// Timer effects → notifications: escalation pings, breaches, and the follow-up "accepted" /
// "resolved" to everyone a timer pinged. Pure, like notifications.ts, which delegates here.
import type { ClockKind, Labels, TriageConfig } from '../core/config.js';
import type { EscalateEffect, PingTarget } from '../core/decision.js';
import { clockFor, limitMinutes } from '../core/sla.js';
import type { Incident } from '../core/types.js';
import { formatDuration, formatSpan, type MessageKey, t } from '../i18n/index.js';
import { bilingual, incidentParams } from './notification-params.js';
import type { LocalText, Notification, NotificationKind, ParamValue, Recipient } from './notifier.js';

type FollowUp = { type: 'notify_pinged'; event: 'accepted' | 'resolved'; targets: readonly PingTarget[] };

export function pingNotifications(
  effect: EscalateEffect | FollowUp,
  incident: Incident,
  cfg: TriageConfig,
): Notification[] {
  const base = incidentParams(incident, cfg);
  if (effect.type === 'notify_pinged') {
    const text: LocalText = { key: `ping.followup.${effect.event}`, params: base };
    return effect.targets.map((target) => note(incident, 'ping', recipientOf(target, false), text));
  }
  const text = pingText(effect, incident, cfg, base);
  const kind: NotificationKind = effect.reason === 'breach' ? 'breach' : 'ping';
  return effect.targets.map((target) => note(incident, kind, recipientOf(target, true), text));
}

function pingText(
  effect: EscalateEffect,
  incident: Incident,
  cfg: TriageConfig,
  base: Record<string, ParamValue>,
): LocalText {
  const due = new Date(effect.deadlineAt ?? effect.due);
  const deadline: Labels | string =
    effect.deadline === 'auto_close' ? '' : bilingual(`deadline.kind.${effect.deadline}`);
  const params = Object.assign({}, base, {
    deadline,
    due,
    assignedAt: incident.assignedAt ?? '—',
    limit: durationLabels(cfg.limits.acceptanceMinutes),
  });
  const key = ((): MessageKey => {
    switch (effect.reason) {
      case 'threshold':
        return 'ping.threshold';
      case 'acceptance_reping':
        return 'ping.acceptance_reping';
      case 'acceptance_escalated':
        return 'ping.acceptance_escalated';
      case 'close_due':
        return 'ping.close_due';
      default:
        if (effect.deadline === 'acceptance') return 'ping.acceptance_breach';
        if (effect.deadline === 'onsite_feedback') return 'ping.onsite_breach';
        return 'ping.breach';
    }
  })();
  if (key !== 'ping.threshold') return { key, params: Object.assign({}, params, { when: '' }) };
  const when = whenLabels(incident, cfg, due, new Date(effect.firedAt));
  // Two reminders of one deadline (50 %, 80 %) minutes apart must not read alike: each says
  // which point of the deadline it marks.
  const used = usedPercent(effect, incident, cfg);
  return used === null
    ? { key, params: Object.assign({}, params, { when }) }
    : { key: 'ping.threshold.used', params: Object.assign({}, params, { when, used }) };
}

/** The share of the deadline's time at which this escalation threshold fires (its rule's own
 *  fraction, or its minutes of the limit); null when the rule is not in the configuration. */
function usedPercent(effect: EscalateEffect, incident: Incident, cfg: TriageConfig): number | null {
  const { deadline, threshold } = effect;
  if (threshold === null || (deadline !== 'respond' && deadline !== 'resolve')) return null;
  const rule = cfg.escalation[incident.priority].filter((r) => r.deadline === deadline)[threshold - 1];
  if (!rule) return null;
  if ('fraction' in rule.at) return Math.round(rule.at.fraction * 100);
  const limit = limitMinutes(incident.priority, deadline, cfg);
  return limit > 0 ? Math.round((rule.at.minutes / limit) * 100) : null;
}

/**
 * "in 7 min" / "in < 1 min" / "due now" / "passed 3 min ago", on the deadline's own clock, as of
 * the firing; the span as every card and notice says it (formatSpan). "Due now" only once the
 * deadline is reached, never while time remains, and until a whole minute has passed since.
 */
function whenLabels(incident: Incident, cfg: TriageConfig, due: Date, firedAt: Date): Labels {
  let minutes: number;
  let clock: ClockKind = cfg.sla[incident.priority].clock;
  try {
    minutes = clockFor(incident.priority, cfg).between(firedAt, due);
  } catch {
    minutes = (due.getTime() - firedAt.getTime()) / 60_000;
    clock = '24x7';
  }
  const label = (locale: 'en' | 'zh-CN') => {
    if (minutes <= 0 && minutes > -1) return t(locale, 'ping.when.now');
    const duration = formatSpan(locale, minutes, clock);
    return t(locale, minutes > 0 ? 'ping.when.left' : 'ping.when.overdue', { duration });
  };
  return { en: label('en'), 'zh-CN': label('zh-CN') };
}

const durationLabels = (minutes: number): Labels => ({
  en: formatDuration('en', minutes),
  'zh-CN': formatDuration('zh-CN', minutes),
});

export function recipientOf(target: PingTarget, mention: boolean): Recipient {
  switch (target.kind) {
    case 'team':
      return { kind: 'team', teamId: target.team, mention };
    case 'person':
      return { kind: 'person', personId: target.person };
    case 'desk':
      return { kind: 'desk' };
    case 'managers':
      return { kind: 'managers' };
  }
}

const note = (incident: Incident, kind: NotificationKind, recipient: Recipient, text: LocalText) => ({
  incidentId: incident.id,
  kind,
  recipient,
  text,
  withCard: false,
});
