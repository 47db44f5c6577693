// Texts a Chinese desk tester found wrong in Teams (docs/teams.md, 2026-12-07).
import { describe, expect, it } from 'vitest';
import { notificationsFor } from '../../src/app/notifications.js';
import { renderText } from '../../src/app/notifier.js';
import type { PriorityFigures } from '../../src/app/reports/report-model.js';
import { priorityLines } from '../../src/app/views/report-summary.js';
import type { Command } from '../../src/core/commands.js';
import type { TriageConfig } from '../../src/core/config.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Incident } from '../../src/core/types.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';

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

const desk = actorFor('alice');
const at = (minutes: number) => new Date(REPORTED_AT.getTime() + minutes * 60_000);
const full = testConfig();

function registered(): Incident {
  const report = {
    id: 'inc-7',
    sequence: 7,
    title: 'VPN drops',
    description: '',
    service: null,
    severity: null,
  };
  return register({ ...report, reporter: { id: 'slack:UREP', name: 'Wang Fang' } }, REPORTED_AT, full)
    .incident;
}

/** Every notification text a command gives, rendered in Chinese and English. */
function said(incident: Incident, command: Command, minute: number) {
  const d = decide(incident, command, desk, at(minute), full);
  const texts = d.effects.flatMap((e) => notificationsFor(e, d.incident, full));
  const render = (locale: 'en' | 'zh-CN') => texts.map((n) => renderText(locale, n.text, 'UTC'));
  return { incident: d.incident, zh: render('zh-CN'), en: render('en'), kinds: texts.map((n) => n.kind) };
}

describe('IM2.1 message to the reporter', () => {
  it('calls the priority provisional until the desk prioritises (IM2.3)', () => {
    const c = said(registered(), { type: 'classify', nature: 'fault', category: 'printers' }, 1);
    const zh = c.zh.find((s) => s.includes('完成分类'));
    expect(zh).toContain('暂定优先级');
    expect(c.en.find((s) => s.includes('has reviewed'))).toContain('provisional priority');
    const p = said(c.incident, { type: 'prioritise', impact: 3, urgency: 3 }, 2);
    expect(p.zh.join('\n')).not.toContain('暂定');
  });
});
