import { describe, expect, it } from 'vitest';
import {
  onsiteFigures,
  satisfactionFigures,
  secondLineFigures,
  teamFigures,
} from '../../src/app/reports/report-figures.js';
import { meanMinutes, meanOfMinutes, percent } from '../../src/app/reports/report-math.js';
import {
  buildReport,
  type PriorityAggregate,
  priorityFigures,
  type ReportData,
} from '../../src/app/reports/report-model.js';
import { serviceTimes } from '../../src/core/service-times.js';
import { anIncident, testConfig } from '../fixtures/config.js';

const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const row = (over: Partial<PriorityAggregate>): PriorityAggregate => ({
  priority: 2,
  reported: 0,
  responded: 0,
  respondedInTime: 0,
  unrespondedLate: 0,
  resolved: 0,
  resolvedInTime: 0,
  reopened: 0,
  respondSecondsSum: 0,
  resolveSecondsSum: 0,
  respondClocked: 0,
  respondClockMinutesSum: 0,
  resolveClocked: 0,
  resolveClockMinutesSum: 0,
  resolvedByDesk: 0,
  closed: 0,
  cancelled: 0,
  ...over,
});
const data = (priorities: PriorityAggregate[]): ReportData => ({
  priorities,
  volumes: { category: [], nature: [], team: [], platform: [], closure: [] },
  breaches: [],
  teams: [],
  reassignment: { incidents: 0, reassignments: 0, declines: 0 },
  declineReasons: [],
  escalations: [],
  onsite: { dispatched: 0, acknowledged: 0, acknowledgedInTime: 0, feedback: 0, feedbackInTime: 0 },
  backlog: [],
  knowledge: { resolvedWithMatch: 0, applied: 0, notHelped: 0, top: [] },
  satisfaction: {
    asked: 0,
    rated: 0,
    scoreSum: 0,
    distribution: [0, 0, 0, 0, 0],
    confirmed: { rated: 0, scoreSum: 0 },
    closedWithoutReporter: { rated: 0, scoreSum: 0 },
    commented: 0,
  },
});
const report = (priorities: PriorityAggregate[]) => buildReport(period, {}, period.to, data(priorities));

describe('report arithmetic', () => {
  it('a percent of nothing is no figure, not 0 %', () => {
    expect(percent(0, 0)).toBeNull();
    expect(percent(2, 3)).toBe(66.7);
  });

  it('means are seconds over count, shown in minutes with one decimal', () => {
    expect(meanMinutes(0, 0)).toBeNull();
    expect(meanMinutes(600 + 1200, 2)).toBe(15);
    expect(meanOfMinutes(100, 3)).toBe(33.3);
  });

  it("the total divides summed counts (3 of 4 met), not the mean of the priorities' percents", () => {
    const r = report([
      row({ priority: 3, reported: 3, responded: 3, respondedInTime: 3, respondSecondsSum: 180 }),
      row({ priority: 1, reported: 1, responded: 1, respondedInTime: 0, respondSecondsSum: 600 }),
    ]);
    expect(r.byPriority.map((p) => [p.priority, p.responseMetPercent])).toEqual([
      [1, 0],
      [3, 100],
    ]);
    expect(r.total?.responseMetPercent).toBe(75);
    expect(r.total?.mttaElapsedMinutes).toBe(3.3);
  });

  it('a response deadline passed without a response is missed; one not yet due stays out', () => {
    // P1: 1 responded late, 1 unresponded past its deadline (the trial's INC-000004) → 0 of 2.
    const r = report([
      row({ priority: 1, reported: 3, responded: 1, respondedInTime: 0, unrespondedLate: 1 }),
    ]);
    expect(r.byPriority[0]).toMatchObject({ responded: 1, unrespondedLate: 1, responseMetPercent: 0 });
    const met = report([
      row({ priority: 2, reported: 2, responded: 1, respondedInTime: 1, unrespondedLate: 1 }),
    ]);
    expect(met.total?.responseMetPercent).toBe(50);
    expect(report([row({ reported: 1, unrespondedLate: 1 })]).total?.responseMetPercent).toBe(0);
  });

  it('clock means count only measured incidents; desk resolution is over the resolved', () => {
    const r = report([
      row({ resolved: 4, resolvedByDesk: 3, respondClocked: 2, respondClockMinutesSum: 90 }),
    ]);
    expect(r.total?.mttaClockMinutes).toBe(45);
    expect(r.total?.mttrClockMinutes).toBeNull();
    expect(r.total?.deskResolutionPercent).toBe(75);
  });

  it('an empty period has no total', () => {
    expect(report([]).total).toBeNull();
  });

  it('second line: taken up in time, acceptance rate of the kept, means per incident', () => {
    const team = {
      team: 'network',
      assigned: 4,
      accepted: 3,
      acceptedInTime: 2,
      acceptSecondsSum: 5400,
      kept: 2,
      declined: 1,
    };
    expect(teamFigures(team)).toMatchObject({
      acceptedInTimePercent: 66.7,
      meanAcceptanceMinutes: 30,
      acceptancePercent: 50,
    });
    const s = secondLineFigures([team], { incidents: 3, reassignments: 1, declines: 1 }, []);
    expect([s.reassignmentsPerIncident, s.declinesPerIncident]).toEqual([0.33, 0.33]);
    expect(
      secondLineFigures([], { incidents: 0, reassignments: 0, declines: 0 }, []).declinesPerIncident,
    ).toBeNull();
  });

  it('on-site limits are over the tasks dispatched (not cancelled)', () => {
    const o = onsiteFigures({
      dispatched: 4,
      acknowledged: 3,
      acknowledgedInTime: 2,
      feedback: 2,
      feedbackInTime: 1,
    });
    expect([o.acknowledgedInTimePercent, o.feedbackInTimePercent]).toEqual([50, 25]);
  });

  it('satisfaction: response rate over the asked, averages per path, none without ratings', () => {
    const s = satisfactionFigures({
      asked: 4,
      rated: 3,
      scoreSum: 11,
      distribution: [0, 0, 1, 1, 1],
      confirmed: { rated: 2, scoreSum: 9 },
      closedWithoutReporter: { rated: 1, scoreSum: 2 },
      commented: 1,
    });
    expect([s.responsePercent, s.average, s.confirmedAverage, s.closedWithoutReporterAverage]).toEqual([
      75, 3.67, 4.5, 2,
    ]);
  });
});

describe('identical clocks give identical figures (incident-manager trial 2026-12-07)', () => {
  it('a P1 responded 2.6457 min after registration reads 2.6 on the service clock and elapsed', () => {
    const cfg = testConfig();
    const i = anIncident({ priority: 1 }, cfg);
    const respondedAt = new Date(i.reportedAt.getTime() + 158_742);
    const clock = serviceTimes({ ...i, respondedAt }, cfg).respondClockMinutes ?? -1;
    const p = priorityFigures(
      row({
        priority: 1,
        responded: 1,
        respondSecondsSum: 158.742,
        respondClocked: 1,
        respondClockMinutesSum: clock,
      }),
    );
    expect(p.mttaElapsedMinutes).toBe(2.6);
    expect(p.mttaClockMinutes).toBe(2.6);
  });

  it('a mean on a tie rounds the same from seconds and from minutes (half away from zero)', () => {
    // 2.4 and 18.9 min (144 s, 1134 s): mean 10.65. Summed as seconds 1278 / 2 / 60 reads 10.65;
    // summed as minutes the float reads 21.299999…, whose half would round down to 10.6.
    const spans = [144_000, 1_134_000];
    const p = priorityFigures(
      row({
        responded: 2,
        respondSecondsSum: spans.reduce((s, ms) => s + ms / 1000, 0),
        respondClocked: 2,
        respondClockMinutesSum: spans.reduce((s, ms) => s + ms / 60_000, 0),
      }),
    );
    expect(p.mttaElapsedMinutes).toBe(10.7);
    expect(p.mttaClockMinutes).toBe(10.7);
  });
});
