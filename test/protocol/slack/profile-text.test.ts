// Text from outside is cleaned once where it enters — a Slack profile read with users.info is
// such an edge too: a display name carrying a NUL or a lone surrogate (PostgreSQL refuses both
// in text) must not fail the report of the person it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, user } from './harness.js';

const reporter = user('UODDNAME', 'odd');

describe('Slack: a display name from users.info is cleaned like any text from outside', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.recorder.displayNames.set(reporter.id, 'Wang\u0000 Fang\ud800');
  });
  afterAll(() => h.close());

  it('the report is stored, under the name without the control character and the broken half', async () => {
    await h.command(reporter, '');
    await h.settle();
    expect((await h.submit(reporter, { title: 'VPN down', description: '' })).status).toBe(200);
    await h.settle();
    const [incident] = await h.storage.listIncidents({});
    expect(incident?.reporterName).toBe('Wang Fang\ufffd');
  });
});
