// The desk queue's response column: a response made after its deadline is a miss, shown as
// "met late" in the overdue colour, not as "met" (trial: a P1 answered late read "Met").
import { describe, expect, it } from 'vitest';
import { queuePage } from '../../src/app/web/queue-page.js';
import { testConfig } from '../fixtures/config.js';

const respondBy = new Date('2026-12-07T05:46:00Z');
const row = (respondedAt: Date) => ({
  id: 'i1',
  number: 'INC-000001',
  title: 'VPN down',
  status: 'assigned' as const,
  priority: 1 as const,
  assignedTeam: null,
  reportedAt: new Date('2026-12-07T05:31:00Z'),
  respondBy,
  respondedAt,
  resolveBy: new Date('2026-12-07T09:31:00Z'),
  paused: false,
});
const page = (respondedAt: Date, locale: 'en' | 'zh-CN') =>
  String(
    queuePage({
      frame: { locale },
      config: testConfig(),
      rows: [row(respondedAt)],
      limit: 50,
      now: new Date('2026-12-07T06:00:00Z'),
    }),
  );

describe('desk queue page', () => {
  it('marks a late response as met late, in both languages', () => {
    const late = new Date(respondBy.getTime() + 7 * 60_000);
    expect(page(late, 'en')).toContain('<span class="overdue">met late</span>');
    expect(page(late, 'zh-CN')).toContain('<span class="overdue">超时后达标</span>');
    expect(page(new Date(respondBy.getTime() - 60_000), 'en')).toContain('<span class="met">met</span>');
  });
});
