// The two staging tables behind the generated desk (bench/reports-data.ts), set-based:
//   bench_draw — one row per incident: the arrival instant (weekday and working-hour peaks, by
//                rejection sampling in the desk's time zone) and every random number it needs,
//                drawn once, so later statements may reuse a value without drawing it again;
//   bench_inc  — what happened to it, in minutes after registration (deterministic from the
//                draws): response, assignments, decline, acceptance, on-site visit, resolution,
//                closure; `cutoff` is how far its history reached by `now` (or its closure).
import { type DeskShape, halvingBounds, lit, textArray } from './reports-shape.js';

// biome-ignore format: the draws' names, packed
const DRAWS = [
  'u_pri', 'u_urg', 'u_nat', 'u_cat', 'u_via', 'u_sl', 'u_dec', 'u_t1', 'u_t2',
  'u_z1a', 'u_z1b', 'u_z2a', 'u_z2b', 'u_asg', 'u_dect', 'u_reasg', 'u_acc',
  'u_end', 'u_code', 'u_close', 'u_close2', 'u_reopen', 'u_onsite', 'u_os1', 'u_ack', 'u_fb',
  'u_osstate', 'u_kb', 'u_kbe', 'u_kbh', 'u_stuck', 'u_stage', 'u_rep', 'u_reason', 'u_ver',
];

export interface DrawInput {
  incidents: number;
  from: Date;
  now: Date;
  timeZone: string;
}

const tsLit = (d: Date) => `${lit(d.toISOString())}::timestamptz`;

/** Arrivals weighted by the local hour and weekday; about 29 % of candidates are kept. */
export function drawSql({ incidents, from, now, timeZone }: DrawInput): string {
  const candidates = Math.ceil(incidents * 4.5);
  return `CREATE UNLOGGED TABLE bench_draw AS
    WITH kept AS (
      SELECT t FROM (SELECT ${tsLit(from)} + random() * (${tsLit(now)} - ${tsLit(from)}) AS t
                     FROM generate_series(1, ${candidates}) OFFSET 0) c
      WHERE random() < CASE
        WHEN extract(isodow FROM t AT TIME ZONE ${lit(timeZone)}) >= 6 THEN 0.06
        WHEN extract(hour FROM t AT TIME ZONE ${lit(timeZone)}) IN (9, 10, 11, 13, 14, 15, 16, 17) THEN 1
        WHEN extract(hour FROM t AT TIME ZONE ${lit(timeZone)}) IN (8, 12, 18) THEN 0.35
        ELSE 0.05 END
      LIMIT ${incidents})
    SELECT row_number() OVER (ORDER BY t) AS n, gen_random_uuid()::text AS id, t AS reported_at,
           extract(isodow FROM t AT TIME ZONE ${lit(timeZone)}) < 6
             AND extract(hour FROM t AT TIME ZONE ${lit(timeZone)}) BETWEEN 9 AND 17 AS in_hours,
           ${DRAWS.map((d) => `random() AS ${d}`).join(', ')}
    FROM kept`;
}

const byPriority = (pick: (p: 1 | 2 | 3 | 4) => string) =>
  `CASE priority ${([1, 2, 3, 4] as const).map((p) => `WHEN ${p} THEN ${pick(p)}`).join(' ')} END`;

/** Standard normal from two uniforms (Box–Muller). */
const normal = (a: string, b: string) => `sqrt(-2 * ln(1 - ${a})) * cos(2 * pi() * ${b})`;
/** Exponential with this mean, in minutes. */
const expo = (u: string, mean: number) => `(-ln(1 - ${u}) * ${mean})`;

export interface IncInput {
  now: Date;
  /** Elapsed minutes from resolution to the desk's closing without confirmation. */
  autoCloseMinutes: number;
  knowledgeEntries: number;
}

export function incSql(shape: DeskShape, input: IncInput): string {
  const { now, autoCloseMinutes } = input;
  const teams = textArray(shape.teams.map((t) => t.id));
  const k = shape.teams.length;
  return `CREATE UNLOGGED TABLE bench_inc AS
    SELECT d.*, p.*, s.*, r.*, e.*, c.*, v.*, x.*
    FROM bench_draw d
    CROSS JOIN LATERAL (SELECT
        width_bucket(d.u_pri, ARRAY[0, 0.02, 0.15, 0.70]::float8[]) AS priority,
        ${textArray(shape.natures)}[width_bucket(d.u_nat, ${halvingBounds(shape.natures.length)})] AS nature,
        width_bucket(d.u_cat, ${halvingBounds(shape.categories.length, 0.3)}) AS cat_i,
        CASE WHEN d.u_via < 0.62 THEN 'slack' ELSE 'teams' END AS via,
        extract(epoch FROM ${tsLit(now)} - d.reported_at) / 60 AS now_m OFFSET 0) p0
    CROSS JOIN LATERAL (SELECT p0.*,
        ${textArray(shape.categories.map((c) => c.id))}[p0.cat_i] AS category,
        coalesce(${textArray(shape.categories.map((c) => c.team))}[p0.cat_i],
                 ${teams}[1 + floor(d.u_t1 * ${k})::int]) AS team1,
        ${byPriority((p) => String(shape.limits[p].respond))} AS resp_lim,
        ${byPriority((p) => String(shape.limits[p].resolve))} AS res_lim,
        ${byPriority((p) => String(shape.limits[p].business))} AS business OFFSET 0) p1
    CROSS JOIN LATERAL (SELECT p1.*,
        CASE WHEN NOT p1.business THEN 1.0 WHEN d.in_hours THEN 1.3 ELSE 5.0 END AS f_resp,
        CASE WHEN NOT p1.business THEN 1.0 ELSE 4.2 END AS f_res,
        CASE WHEN d.u_end < 0.03 THEN 'cancelled' WHEN d.u_end < 0.07 THEN 'duplicate' ELSE 'resolved' END
          AS end_kind OFFSET 0) p
    CROSS JOIN LATERAL (SELECT
        p.resp_lim * p.f_resp AS respond_by_m, p.res_lim * p.f_res AS resolve_by_m,
        p.resp_lim * p.f_resp * exp(-0.9 + 0.7 * ${normal('d.u_z1a', 'd.u_z1b')}) AS m_resp,
        p.end_kind = 'resolved' AND d.u_sl < 0.35 AS second_line,
        p.end_kind = 'resolved' AND d.u_onsite < 0.08 AS onsite,
        CASE WHEN ${teams}[1 + floor(d.u_t2 * ${k - 1})::int] = p.team1 THEN ${teams}[${k}]
             ELSE ${teams}[1 + floor(d.u_t2 * ${k - 1})::int] END AS team2 OFFSET 0) s0
    CROSS JOIN LATERAL (SELECT s0.*,
        s0.second_line AND d.u_dec < 0.12 AS declined,
        s0.m_resp + 5 + 55 * d.u_asg AS m_asg,
        s0.m_resp + 5 + 55 * d.u_asg + ${expo('d.u_dect', 25)} AS m_dec,
        s0.m_resp + 10 AS m_disp,
        s0.m_resp + 70 + 1440 * d.u_os1 AS m_win_start OFFSET 0) s1
    CROSS JOIN LATERAL (SELECT s1.*,
        CASE WHEN s1.declined THEN s1.m_dec + 5 + 40 * d.u_reasg ELSE s1.m_asg END AS m_last_asg,
        s1.m_disp + ${expo('d.u_ack', 45)} AS m_ack,
        s1.m_win_start + 120 AS m_win_end,
        s1.m_win_start + 120 + ${expo('d.u_fb', 35)} AS m_fb OFFSET 0) s2
    CROSS JOIN LATERAL (SELECT s2.*,
        s2.m_last_asg + ${expo('d.u_acc', 17)} AS m_acc,
        CASE WHEN s2.declined THEN s2.team2 ELSE p.team1 END AS final_team OFFSET 0) s
    CROSS JOIN LATERAL (SELECT CASE WHEN p.end_kind = 'resolved' AND d.u_stuck >= 0.003 THEN greatest(
        p.res_lim * p.f_res * exp(-1.1 + 0.8 * ${normal('d.u_z2a', 'd.u_z2b')}),
        s.m_resp + 5,
        CASE WHEN s.second_line THEN s.m_acc + 20 END,
        CASE WHEN s.onsite THEN s.m_fb + 10 END) END AS m_res OFFSET 0) r
    CROSS JOIN LATERAL (SELECT
        d.u_close < 0.65 AS confirmed,
        CASE p.end_kind
          WHEN 'cancelled' THEN 10 + 2880 * d.u_close2
          WHEN 'duplicate' THEN s.m_resp + 15 + 60 * d.u_close2
          ELSE r.m_res + CASE WHEN d.u_close < 0.65 THEN ${expo('d.u_close2', 480)}
                              ELSE ${autoCloseMinutes} END END AS m_close OFFSET 0) e
    CROSS JOIN LATERAL (SELECT least(p.now_m, e.m_close) AS cutoff) c
    CROSS JOIN LATERAL (SELECT
        CASE WHEN s.m_resp <= c.cutoff THEN s.m_resp END AS v_resp,
        CASE WHEN r.m_res <= c.cutoff THEN r.m_res END AS v_res,
        CASE WHEN s.second_line AND s.m_acc <= c.cutoff THEN s.m_acc END AS v_acc,
        ${statusSql} OFFSET 0) v
    CROSS JOIN LATERAL (SELECT
        least(coalesce(v.v_resp, c.cutoff), coalesce(v.v_res, c.cutoff)) AS resp_stop,
        coalesce(v.v_res, c.cutoff) AS res_stop,
        coalesce(v.v_acc, c.cutoff) AS acc_stop,
        d.u_kb < 0.15 AND p.end_kind <> 'cancelled' AND s.m_resp + 3 <= c.cutoff AS kb_used,
        'KB-' || lpad((1 + floor(${input.knowledgeEntries} * power(d.u_kbe, 3)))::int::text, 6, '0') AS kb_ref,
        ${textArray(shape.agents)}[1 + floor(d.u_rep * ${shape.agents.length})::int] AS agent,
        CASE WHEN d.u_code < 0.88 THEN 'solved' WHEN d.u_code < 0.97 THEN 'workaround' ELSE 'not_solved' END
          AS code OFFSET 0) x`;
}

/** The status `now`: the last step its history reached (open ones sit where the desk left them). */
const statusSql = `CASE
    WHEN e.m_close <= p.now_m THEN CASE WHEN p.end_kind = 'cancelled' THEN 'cancelled' ELSE 'closed' END
    WHEN r.m_res <= p.now_m THEN 'resolved'
    WHEN s.second_line AND s.m_acc <= p.now_m THEN 'investigating'
    WHEN s.second_line AND s.declined AND s.m_last_asg <= p.now_m THEN 'assigned'
    WHEN s.second_line AND s.declined AND s.m_dec <= p.now_m THEN 'declined'
    WHEN s.second_line AND s.m_asg <= p.now_m THEN 'assigned'
    WHEN s.m_resp <= p.now_m THEN CASE WHEN d.u_stage < 0.1 THEN 'classified' WHEN d.u_stage < 0.3 THEN 'prioritised'
                                       WHEN d.u_stage < 0.4 THEN 'matching' ELSE 'attempting' END
    ELSE 'registered' END AS status`;
