// The real tables filled from bench_inc (bench/reports-draw.ts), one INSERT … SELECT each:
// incidents as `now` finds them, their assignment history, their audit trail (registration and
// what the timers would have written: escalations and breaches, payload as src/core/steps/
// timers.ts writes it), on-site tasks, and knowledge entries with feedback.
import { type DeskShape, lit, textArray } from './reports-shape.js';

const ts = (m: string) => `(b.reported_at + (${m}) * interval '1 minute')`;
const at = (m: string) => `CASE WHEN (${m}) <= b.cutoff THEN ${ts(m)} END`;
const iso = (x: string) => `to_char((${x}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const DESK = `'{"kind":"desk"}'::jsonb`;

const leadOf = (shape: DeskShape, team: string) =>
  `CASE ${team} ${shape.teams.map((t) => `WHEN ${lit(t.id)} THEN ${lit(t.lead)}`).join(' ')} END`;
const teamTarget = (team: string) =>
  `CASE WHEN ${team} IS NULL THEN ${DESK} ELSE jsonb_build_object('kind', 'team', 'team', ${team}) END`;
const leadTarget = (shape: DeskShape, team: string) =>
  `CASE WHEN ${leadOf(shape, team)} IS NULL THEN ${DESK}
        ELSE jsonb_build_object('kind', 'person', 'person', ${leadOf(shape, team)}, 'as', 'lead') END`;
/** Every incident manager by direct message, or the managers' channel when none is configured. */
const managerTargets = (shape: DeskShape) =>
  shape.managers.length
    ? `jsonb_build_array(${shape.managers.map((m) => `jsonb_build_object('kind', 'person', 'person', ${lit(m)}, 'as', 'manager')`).join(', ')})`
    : `'[{"kind":"managers"}]'::jsonb`;

/** The team holding the incident `m` minutes after registration, or NULL. */
const teamAt = (m: string) => `CASE WHEN b.second_line AND b.declined AND b.m_last_asg <= ${m} THEN b.team2
  WHEN b.second_line AND b.m_asg <= ${m} THEN b.team1 END`;

export function incidentsSql(shape: DeskShape, prefix: string, onsiteFeedbackMinutes: number): string {
  const closed = `b.m_close <= b.now_m`;
  const early = `b.status IN ('registered', 'classified')`;
  const breaches = [
    `CASE WHEN b.respond_by_m < b.resp_stop THEN 'respond' END`,
    `CASE WHEN b.resolve_by_m < b.res_stop THEN 'resolve' END`,
    `CASE WHEN b.second_line AND b.m_last_asg <= b.cutoff
          AND b.m_last_asg + ${shape.acceptanceMinutes} < b.acc_stop THEN 'acceptance' END`,
    `CASE WHEN b.onsite AND b.m_disp <= b.cutoff AND b.m_win_end + ${onsiteFeedbackMinutes}
          < least(b.cutoff, b.m_fb) THEN 'onsite_feedback' END`,
  ];
  return `INSERT INTO incidents (id, number, version, status, title, description, reporter_id, reporter_name,
      nature, category, impact, urgency, priority, priority_confirmed, reported_at, responded_at, respond_by,
      resolve_by, onsite_needed, assigned_team, assigned_at, accepted_by, accepted_at, resolution,
      reporter_confirmed_at, closure_code, closed_at, closed_by, reopen_count, breaches, reported_via,
      respond_clock_minutes, resolve_clock_minutes, created_at, updated_at)
    SELECT b.id, ${lit(prefix)} || '-' || lpad(b.n::text, greatest(6, length(b.n::text)), '0'), 2 + floor(b.u_ver * 12)::int, b.status,
      'Generated incident ' || b.n, '', 'reporter' || floor(b.u_rep * 5000), 'Reporter ' || floor(b.u_rep * 5000),
      CASE WHEN b.status <> 'registered' THEN b.nature END,
      CASE WHEN b.status <> 'registered' THEN b.category END,
      CASE WHEN NOT ${early} THEN b.priority END,
      CASE WHEN NOT ${early} THEN least(4, b.priority + (b.u_urg < 0.5)::int) END,
      b.priority, NOT ${early}, b.reported_at, ${ts('b.v_resp')},
      ${ts('b.respond_by_m')}, ${ts('b.resolve_by_m')},
      CASE WHEN b.status NOT IN ('registered', 'classified', 'prioritised') THEN b.onsite END,
      ${teamAt('b.cutoff')},
      CASE WHEN b.second_line AND b.m_last_asg <= b.cutoff THEN ${ts('b.m_last_asg')} ELSE ${at('CASE WHEN b.second_line THEN b.m_asg END')} END,
      CASE WHEN b.v_acc IS NOT NULL THEN coalesce(${leadOf(shape, 'b.final_team')}, b.final_team) END,
      ${ts('b.v_acc')},
      CASE WHEN b.v_res IS NOT NULL THEN jsonb_build_object('code', b.code, 'solution', 'Generated resolution',
        'tested', true, 'by', b.agent, 'at', ${iso(ts('b.v_res'))},
        'matchRef', CASE WHEN b.kb_used AND b.u_kbh < 0.62 AND NOT b.second_line THEN b.kb_ref END) END,
      CASE WHEN ${closed} AND b.end_kind = 'resolved' AND b.confirmed THEN ${ts('b.m_close')} END,
      CASE WHEN ${closed} THEN CASE WHEN b.end_kind = 'resolved' THEN b.code ELSE b.end_kind END END,
      CASE WHEN ${closed} THEN ${ts('b.m_close')} END,
      CASE WHEN ${closed} THEN b.agent END,
      CASE WHEN ${closed} AND b.end_kind = 'resolved' THEN
        CASE WHEN b.u_reopen < 0.03 THEN 1 WHEN b.u_reopen < 0.035 THEN 2 ELSE 0 END ELSE 0 END,
      to_jsonb(array_remove(ARRAY[${breaches.join(', ')}]::text[], NULL)),
      b.via, b.v_resp / b.f_resp, b.v_res / b.f_res,
      b.reported_at, coalesce(CASE WHEN ${closed} THEN ${ts('b.m_close')} END, b.reported_at)
    FROM bench_inc b`;
}

const REASONS = [
  'Not our system: looks like a network fault',
  'Needs logs from the reporter first',
  'Wrong category: this is an account issue',
  'Hardware fault, not software',
  'Already handled under another incident',
];

export function assignmentsSql(shape: DeskShape): string {
  const reason = `${textArray(REASONS)}[1 + floor(b.u_reason * ${REASONS.length})::int]`;
  return `INSERT INTO assignments (incident_id, step, team, action, actor_id, actor_name, at, reason, suggested_team)
    SELECT b.id, a.step, a.team, a.action, a.actor, a.actor, ${ts('a.m')}, a.reason, a.suggested
    FROM bench_inc b CROSS JOIN LATERAL (VALUES
      (1, 'IM2.11', b.team1, 'assigned', b.agent, b.m_asg, NULL, NULL),
      -- A decline from the assignment card, as the bot writes it (src/core/steps/second-line.ts):
      -- no IM2.12 accepted row (the audit has IM2.12 received), then IM2.14 declined.
      (3, 'IM2.14', b.team1, 'declined', coalesce(${leadOf(shape, 'b.team1')}, b.team1),
        CASE WHEN b.declined THEN b.m_dec END, ${reason}, CASE WHEN b.u_reason < 0.6 THEN b.team2 END),
      (4, 'IM2.11', b.team2, 'assigned', b.agent, CASE WHEN b.declined THEN b.m_last_asg END, NULL, NULL),
      (5, 'IM2.12', b.final_team, 'accepted', coalesce(${leadOf(shape, 'b.final_team')}, b.final_team), b.v_acc,
        NULL, NULL)) a(ord, step, team, action, actor, m, reason, suggested)
    WHERE b.second_line AND a.m <= b.cutoff
    -- Ids in the order the bot writes them: the reports read the rows in id order.
    ORDER BY ${ts('a.m')}, a.ord`;
}

/** Registration, threshold escalations, deadline breaches and acceptance pings, in time order. */
export function auditSql(shape: DeskShape, provisionalPriority: number): string {
  const steps = shape.escalations
    .map((e) => `(${e.priority}, ${lit(e.deadline)}, ${e.n}, ${e.minutes}::float8, ${textArray(e.levels)})`)
    .join(', ');
  const targets = `(SELECT jsonb_agg(DISTINCT t) FROM unnest(x.levels) lv, LATERAL jsonb_array_elements(CASE lv
      WHEN 'team' THEN jsonb_build_array(${teamTarget('w.team')})
      WHEN 'next_team' THEN jsonb_build_array(${teamTarget('coalesce(w.team, b.team1)')})
      WHEN 'lead' THEN jsonb_build_array(${leadTarget(shape, 'w.team')})
      ELSE ${managerTargets(shape)} END) t)`;
  const timer = (action: string, step: string, due: string, payload: string) =>
    `b.id, ${step}, ${action}, 'system', 'ITSS bot', ${ts(due)}, jsonb_build_object(${payload})`;
  const escalated = `SELECT ${timer(
    `'escalated'`,
    `CASE WHEN x.deadline = 'respond' THEN 'IM2.3' WHEN b.second_line THEN 'IM3.1' ELSE 'IM2.9' END`,
    'w.due_m',
    `'timer', b.id || '.esc.' || x.deadline || '.' || x.n, 'due', ${iso(ts('w.due_m'))},
     'deadlineAt', ${iso(ts('w.by_m'))}, 'deadline', x.deadline, 'reason', 'threshold', 'threshold', x.n,
     'targets', ${targets}, 'levels', to_jsonb(x.levels)`,
  )}
    FROM bench_inc b JOIN (VALUES ${steps}) x(priority, deadline, n, minutes, levels) ON x.priority = b.priority
    CROSS JOIN LATERAL (SELECT m.*, ${teamAt('m.due_m')} AS team FROM (SELECT
        x.minutes * CASE WHEN x.deadline = 'respond' THEN b.f_resp ELSE b.f_res END AS due_m,
        CASE WHEN x.deadline = 'respond' THEN b.respond_by_m ELSE b.resolve_by_m END AS by_m,
        CASE WHEN x.deadline = 'respond' THEN b.resp_stop ELSE b.res_stop END AS stop_m) m) w
    WHERE w.due_m < w.stop_m`;
  const breached = `SELECT ${timer(
    `'deadline_breached'`,
    `CASE WHEN x.deadline = 'respond' THEN 'IM2.3' WHEN b.second_line THEN 'IM3.1' ELSE 'IM2.9' END`,
    'x.by_m',
    `'timer', b.id || '.' || x.deadline, 'due', ${iso(ts('x.by_m'))}, 'deadlineAt', ${iso(ts('x.by_m'))},
     'deadline', x.deadline, 'reason', 'breach', 'threshold', NULL,
     'targets', jsonb_build_array(${DESK}) || CASE WHEN w.team IS NULL THEN '[]'::jsonb
       ELSE jsonb_build_array(${teamTarget('w.team')}) END`,
  )}
    FROM bench_inc b CROSS JOIN LATERAL (VALUES ('respond', b.respond_by_m, b.resp_stop),
                                                ('resolve', b.resolve_by_m, b.res_stop)) x(deadline, by_m, stop_m)
    CROSS JOIN LATERAL (SELECT ${teamAt('x.by_m')} AS team) w
    WHERE x.by_m < x.stop_m`;
  const acc = shape.acceptanceMinutes;
  const final = `g > ${shape.acceptanceRepings}`;
  const acceptance = `SELECT ${timer(
    `CASE WHEN g = 1 THEN 'deadline_breached' ELSE 'escalated' END`,
    `'IM2.12'`,
    `b.m_last_asg + g * ${acc}`,
    `'timer', b.id || '.accept.' || g, 'due', ${iso(ts(`b.m_last_asg + g * ${acc}`))},
     'deadlineAt', ${iso(ts(`b.m_last_asg + ${acc}`))}, 'deadline', 'acceptance',
     'reason', CASE WHEN ${final} THEN 'acceptance_escalated' WHEN g = 1 THEN 'breach' ELSE 'acceptance_reping' END,
     'threshold', g, 'team', b.final_team, 'final', ${final},
     'targets', CASE WHEN ${final} THEN jsonb_build_array(${leadTarget(shape, 'b.final_team')}) || ${managerTargets(shape)}
                     ELSE jsonb_build_array(${teamTarget('b.final_team')}) END`,
  )}
    FROM bench_inc b CROSS JOIN generate_series(1, ${shape.acceptanceRepings + 1}) g
    WHERE b.second_line AND b.m_last_asg <= b.cutoff AND b.m_last_asg + g * ${acc} < b.acc_stop`;
  const registered = `SELECT b.id, 'IM1', 'registered', 'reporter' || floor(b.u_rep * 5000),
      'Reporter ' || floor(b.u_rep * 5000), b.reported_at,
      jsonb_build_object('title', 'Generated incident ' || b.n, 'service', NULL, 'severity', NULL,
                         'provisionalPriority', ${provisionalPriority}, 'via', b.via)
    FROM bench_inc b`;
  return `INSERT INTO audit_events (incident_id, step, action, actor_id, actor_name, at, payload)
    SELECT * FROM (${registered} UNION ALL ${escalated} UNION ALL ${breached} UNION ALL ${acceptance}) e
    ORDER BY 6`;
}

export function onsiteSql(shape: DeskShape): string {
  const engineer = `${textArray(shape.onsite)}[1 + floor(b.u_os1 * ${shape.onsite.length})::int]`;
  return `INSERT INTO onsite_tasks (id, incident_id, engineers, window_start, window_end, note, state, dispatched_at,
      acknowledged_by, acknowledged_at, feedback, feedback_by, feedback_at)
    SELECT gen_random_uuid()::text, b.id, jsonb_build_array(${engineer}), ${ts('b.m_win_start')},
      ${ts('b.m_win_end')}, 'Generated visit',
      CASE WHEN b.u_osstate < 0.06 THEN 'cancelled' WHEN b.m_fb <= b.cutoff THEN 'feedback'
           WHEN b.m_ack <= b.cutoff THEN 'acknowledged' ELSE 'dispatched' END,
      ${ts('b.m_disp')}, CASE WHEN b.m_ack <= b.cutoff THEN ${engineer} END, ${at('b.m_ack')},
      CASE WHEN b.m_fb <= b.cutoff THEN 'Replaced the faulty part' END,
      CASE WHEN b.m_fb <= b.cutoff THEN ${engineer} END, ${at('b.m_fb')}
    FROM bench_inc b WHERE b.onsite AND b.m_disp <= b.cutoff
    ORDER BY ${ts('b.m_disp')}`;
}

export function knowledgeSql(shape: DeskShape, entries: number): string[] {
  const cats = shape.categories.map((c) => c.id);
  return [
    `INSERT INTO knowledge_entries (ref, kind, status, title, category, search_vector, title_terms)
     SELECT 'KB-' || lpad(k::text, 6, '0'), CASE WHEN k % 5 = 0 THEN 'known_error' ELSE 'article' END,
       'published', 'Generated article ' || k, ${textArray(cats)}[1 + k % ${cats.length}],
       to_tsvector('simple', 'generated article ' || k), 3
     FROM generate_series(1, ${entries}) k`,
    `INSERT INTO knowledge_feedback (entry_id, incident_id, helped, actor_id, at)
     SELECT k.id, b.id, b.u_kbh < 0.62, b.agent, ${ts('b.m_resp + 3')}
     FROM bench_inc b JOIN knowledge_entries k ON k.ref = b.kb_ref
     WHERE b.kb_used ORDER BY ${ts('b.m_resp + 3')}`,
    `UPDATE knowledge_entries k SET helped = f.helped, not_helped = f.not_helped
     FROM (SELECT entry_id, count(*) FILTER (WHERE helped) AS helped, count(*) FILTER (WHERE NOT helped) AS not_helped
           FROM knowledge_feedback GROUP BY entry_id) f
     WHERE f.entry_id = k.id`,
    `SELECT setval('knowledge_ref_seq', ${entries})`,
  ];
}
