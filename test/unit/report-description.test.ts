import { describe, expect, it } from 'vitest';
import { reportModal } from '../../adapters/slack/blocks.js';
import { reportFormCard } from '../../adapters/teams/form-cards.js';
import { DESCRIPTION_MAX } from '../../src/app/views/report-prefill.js';
import type { DomainError } from '../../src/core/errors.js';
import { checkReport, register } from '../../src/core/steps/register.js';
import { errorMessage } from '../../src/i18n/index.js';
import { testConfig } from '../fixtures/config.js';

const refusal = (description: string) => {
  try {
    checkReport({ title: 't', description });
  } catch (err) {
    return err as DomainError;
  }
  return null;
};

// Operator trial: Slack's form took 3,000 characters of description, Teams' 8,000.
describe('one description limit for the report form on every platform', () => {
  it('is 3,000 (what a Slack modal input holds), refused beyond with the field and the limit', () => {
    expect(DESCRIPTION_MAX).toBe(3000);
    expect(refusal('x'.repeat(3000))).toBeNull();
    const err = refusal('x'.repeat(3001));
    expect(err).toMatchObject({ code: 'invalid_input' });
    expect(errorMessage('en', err as DomainError)).toMatch(/Description.*at most 3000 characters/);
    expect(errorMessage('zh-CN', err as DomainError)).toMatch(/最多 3000 个字符/);
    const report = {
      id: 'i',
      sequence: 1,
      title: 't',
      description: 'y'.repeat(3001),
      service: null,
      severity: null,
      reporter: { id: 'u', name: 'U' },
    };
    expect(() => register(report, new Date(), testConfig())).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('Slack and Teams forms ask for the same most', () => {
    const prefill = { title: 't', description: 'd'.repeat(9000) };
    const modal = JSON.stringify(reportModal('en', prefill, { channel: null }));
    const card = JSON.stringify(reportFormCard('en', prefill, 'card'));
    const slackMax = /"block_id":"description"[\s\S]*?"max_length":(\d+)/.exec(modal)?.[1];
    const teamsMax = /"id":"[^"]*description"[\s\S]*?"maxLength":(\d+)/.exec(card)?.[1];
    expect([slackMax, teamsMax]).toEqual(['3000', '3000']);
    expect(card).not.toContain('d'.repeat(3001));
  });
});
