// Card sentences that must follow the incident (trial 2026-12-07): "due soon" only in the last
// part of the window (the last escalation point before the deadline), not the moment a P1 is
// registered; "not tested" stops asking the reporter once they confirmed; a team that declined
// is no longer invited to ask the desk in its thread.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import { type Harness, REPORTER, startHarness, TO, textOf } from './harness.js';

describe('Slack card texts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('IM1: a P1 just registered is not "due soon"; it is in its last 3 of its 15 minutes to respond', async () => {
    const { incident: inc } = await h.service.report(
      { title: 'Core switch down', description: '', service: null, severity: 1 },
      REPORTER,
    );
    await h.settle();
    const card = textOf(h.recorder.card('CDESK', inc.number));
    expect(card).toMatch(/响应时限\*：.* — 剩余/);
    expect(card).not.toContain('即将到期');
    h.clock.advance(13);
    const alice = actorById(h.config, 'alice');
    const respond = (await h.service.view(inc.id, alice, 'en')).deadlines.find((d) => d.kind === 'respond');
    expect(respond?.text).toMatch(/^Due soon: [1-3] min left$/);
  });

  it('IM5.1: not tested, confirmed by the reporter: no longer "the reporter is asked to confirm"', async () => {
    const inc = await h.incident('Mail client crashes', [
      ...TO.attempting,
      { type: 'resolve', code: 'solved', solution: 'Reinstalled the client.', tested: false },
    ]);
    expect(textOf(h.recorder.card('CDESK', inc.number))).toContain('请报告人确认');
    await h.service.execute(inc.id, { type: 'confirm' }, REPORTER);
    await h.settle();
    const card = textOf(h.recorder.card('CDESK', inc.number));
    expect(card).not.toContain('请报告人确认');
    expect(card).toContain('报告人已确认服务恢复正常');
  });

  it("IM2.14: the declining team's card no longer offers to ask the desk in its thread", async () => {
    const inc = await h.incident('VPN portal refuses logins', TO.assigned);
    const hint = '回复可向服务台了解症状';
    expect(textOf(h.recorder.card('CNETWORK', inc.number))).toContain(hint);
    const nick = actorById(h.config, 'nick');
    await h.service.execute(
      inc.id,
      { type: 'decline', reason: 'Not ours', suggestedTeam: 'identity', suggestion: null },
      nick,
    );
    await h.settle();
    expect(textOf(h.recorder.card('CNETWORK', inc.number))).not.toContain(hint);
  });
});
