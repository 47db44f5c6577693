// Texts a Chinese desk tester found wrong in Teams (docs/teams.md, 2026-12-07).
import { describe, expect, it } from 'vitest';
import type { PriorityFigures } from '../../src/app/reports/report-model.js';
import { priorityLines } from '../../src/app/views/report-summary.js';
import type { TriageConfig } from '../../src/core/config.js';

const cfg = {} as TriageConfig;
const figures = {
  priority: 1,
  reported: 1,
  responseMetPercent: 100,
  resolutionMetPercent: 100,
} as PriorityFigures;

describe('chat report priority lines', () => {
  it('name the priority as the rest of the language does (一级, not P1)', () => {
    const [zh] = priorityLines({ locale: 'zh-CN', cfg }, { byPriority: [figures] });
    expect(zh).toMatch(/^一级：登记 1/);
    const [en] = priorityLines({ locale: 'en', cfg }, { byPriority: [figures] });
    expect(en).toMatch(/^P1: 1 reported/);
  });
});
