import { describe, expect, it } from 'vitest';
import {
  buildReport,
  meanMinutes,
  type PriorityAggregate,
  percent,
} from '../../src/app/reports/report-model.js';

const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') };
const row = (over: Partial<PriorityAggregate>): PriorityAggregate => ({
  priority: 2,
  reported: 0,
  responded: 0,
  respondedInTime: 0,
  resolved: 0,
  resolvedInTime: 0,
  reopened: 0,
  respondSecondsSum: 0,
  resolveSecondsSum: 0,
  ...over,
});

describe('report arithmetic', () => {
  it('a percent of nothing is no figure, not 0 %', () => {
    expect(percent(0, 0)).toBeNull();
    expect(percent(2, 3)).toBe(66.7);
  });

  it('means are seconds over count, shown in minutes with one decimal', () => {
    expect(meanMinutes(0, 0)).toBeNull();
    expect(meanMinutes(600 + 1200, 2)).toBe(15);
  });

  it("the total divides summed counts (3 of 4 met), not the mean of the priorities' percents", () => {
    const r = buildReport(period, {}, [
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

  it('an empty period has no total', () => {
    expect(buildReport(period, {}, []).total).toBeNull();
  });
});
