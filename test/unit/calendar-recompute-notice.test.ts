// IM2.3 again, by the calendar (steps/calendar.ts): once the operator configures a year's
// official holidays and runs `npm run calendar -- recompute`, the people whose deadlines moved
// are told that the calendar moved them — not that the desk set the priority (trial 2026-12-07:
// the reporter read "服务台已将 INC-000003 定为四级" although the desk had done nothing).
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import type { TriageConfig } from '../../src/core/config.js';
import { recomputeForCalendar } from '../../src/core/steps/calendar.js';
import { register } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';
import { testCalendar, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const official2027: TriageConfig = testConfig({
  calendar: testCalendar({
    extraCoveredYears: [2027],
    extraHolidays: ['2027-01-01', '2027-01-04'],
    extraWorkdays: ['2027-01-09'],
  }),
});
const reporter = { id: 'slack:UREP', name: 'Reporter', roles: [], teams: [] };
const late = new Date('2026-12-30T17:00:00+08:00'); // P4's resolution runs into 2027
const registered = () =>
  register(
    { id: 'y', sequence: 3, title: 'Slow PC', description: '', service: null, severity: 4, reporter },
    late,
    cfg,
  ).incident;
const texts = (i: Incident, c: TriageConfig, now: Date) => {
  const d = recomputeForCalendar(i, now, c);
  if (!d) throw new Error('expected a recompute');
  const said = d.effects.flatMap((e) => notificationsFor(e, d.incident, c));
  return {
    decision: d,
    said,
    render: (locale: 'en' | 'zh-CN') => said.map((n) => renderText(locale, n.text, c.calendar.timeZone)),
  };
};

const recomputedAt = new Date('2026-12-31T01:00:00Z');
/** Held by Network since the morning of 30 Dec. */
const heldByNetwork = (): Incident => ({
  ...registered(),
  status: 'assigned',
  assignedTeam: 'network',
  assignedAt: new Date('2026-12-30T09:30:00Z'),
});
/** `i` recomputed on the official 2027 calendar, then its response deadline alone set back as if
 *  counted on the provisional calendar: a recompute now moves that deadline only. */
function onlyResponseOff(i: Incident): { settled: Incident; skewed: Incident } {
  const settled = recomputeForCalendar(i, recomputedAt, official2027)?.incident;
  if (!settled?.respondBy) throw new Error('expected a recompute');
  const respondBy = new Date(settled.respondBy.getTime() + 3_600_000);
  return { settled, skewed: { ...settled, respondBy, respondByProvisional: true } };
}

describe('a calendar recompute is announced as such', () => {
  it('tells the reporter the deadlines were recomputed on the official holidays, in en and zh-CN', () => {
    const { said, render } = texts(registered(), official2027, new Date('2026-12-31T01:00:00Z'));
    expect(said.map((n) => n.recipient.kind)).toEqual(['reporter']); // no team holds it yet
    const [en] = render('en');
    const [zh] = render('zh-CN');
    expect(en).toContain('INC-000003');
    expect(en).toContain('official public holidays');
    expect(en).toMatch(/resolution by .*8 Jan 2027/);
    expect(en).not.toContain('service desk set');
    expect(zh).toContain('法定节假日');
    expect(zh).not.toContain('服务台已将');
  });

  it('says the deadlines stay provisional when the operator changed an uncovered year only', () => {
    const changed = testConfig({ calendar: testCalendar({ extraHolidays: ['2027-01-05'] }) });
    const { render } = texts(registered(), changed, new Date('2026-12-31T01:00:00Z'));
    expect(render('en')[0]).toContain('still provisional');
    expect(render('zh-CN')[0]).toContain('仍为暂定');
  });

  it('tells the team holding the incident in its thread, as well as the reporter', () => {
    const i = heldByNetwork();
    expect(i.assignedTeam).toBe('network');
    const { said, render } = texts(i, official2027, new Date('2026-12-31T01:00:00Z'));
    expect(said.map((n) => n.recipient)).toEqual([
      { kind: 'reporter' },
      { kind: 'team', teamId: 'network', mention: false },
    ]);
    expect(render('en')[1]).toMatch(/resolution by .*2027/);
    expect(render('zh-CN')[1]).toContain('解决时限');
  });

  it('tells the holding team nothing when only the response deadline moved (its escalations run on the resolution)', () => {
    const { settled, skewed } = onlyResponseOff(heldByNetwork());
    const { decision, said } = texts(skewed, official2027, recomputedAt);
    expect(decision.incident.resolveBy).toEqual(settled.resolveBy);
    expect(said.map((n) => n.recipient.kind)).toEqual(['reporter']);
  });

  it('tells the holding team when an outbox row queued before resolveMoved existed lacks it', () => {
    const i = heldByNetwork();
    const old = {
      type: 'notify_deadlines_recomputed',
      step: 'IM2.3',
      provisional: false,
    } as unknown as Parameters<typeof notificationsFor>[0];
    expect(notificationsFor(old, i, cfg).map((n) => n.recipient.kind)).toEqual(['reporter', 'team']);
  });

  it('once the desk has responded, tells the reporter only the resolution deadline, and only when it moved', () => {
    const responded: Incident = { ...registered(), respondedAt: new Date('2026-12-30T09:40:00Z') };
    const { said, render } = texts(responded, official2027, recomputedAt);
    expect(said.map((n) => n.recipient.kind)).toEqual(['reporter']);
    expect(render('en')[0]).toMatch(/resolution by .*8 Jan 2027/);
    expect(render('en')[0]).not.toContain('first response');
    expect(render('zh-CN')[0]).not.toContain('首次响应');
    expect(texts(onlyResponseOff(responded).skewed, official2027, recomputedAt).said).toEqual([]);
  });
});
