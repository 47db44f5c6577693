// One rule for what a chat message puts into the report form (IM1), on every platform.
import { describe, expect, it } from 'vitest';
import { reportPrefill, TITLE_MAX } from '../../src/app/views/report-prefill.js';

describe('reportPrefill', () => {
  it('a short one-line report is the title only, not repeated as the description', () => {
    expect(reportPrefill('  Printer on floor 3 jams  ')).toEqual({
      title: 'Printer on floor 3 jams',
      description: '',
    });
  });

  it('several lines: the first is the title, the whole text the description', () => {
    expect(reportPrefill('VPN down\nsince 9:00, all of sales')).toEqual({
      title: 'VPN down',
      description: 'VPN down\nsince 9:00, all of sales',
    });
  });

  it('one line longer than a title: cut to the limit with an ellipsis, the whole line kept as the description', () => {
    const line = `邮件发不出去😀${'客户端一直提示连接超时，'.repeat(30)}`;
    const { title, description } = reportPrefill(line);
    expect(Array.from(title)).toHaveLength(TITLE_MAX);
    expect(title.endsWith('…')).toBe(true);
    expect(title.startsWith('邮件发不出去😀')).toBe(true);
    expect(description).toBe(line);
  });

  it("someone else's message: the description carries the message and where it came from", () => {
    expect(reportPrefill('Share S: read-only', 'From this message: https://x/p1')).toEqual({
      title: 'Share S: read-only',
      description: 'Share S: read-only\n\nFrom this message: https://x/p1',
    });
  });
});
