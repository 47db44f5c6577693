// Slack with PostgreSQL down (a private cluster, stopped with `pg_ctl -m immediate`): a report
// submitted from the modal and a click on the desk card both fail after the ack. Each person is
// told plainly, in their language, that the database is unavailable and nothing was saved — not
// "something went wrong" — and nothing was written. Once PostgreSQL is back the same actions
// work, without restarting the bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { postgresAnswers, type SecondPostgres, startSecondPostgres } from '../../support/second-services.js';
import { type Harness, startHarness, TO, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang'); // not configured: the configuration's zh-CN
const alice = user('UALICE', 'alice'); // desk agent, English

describe('Slack: PostgreSQL outage (private cluster)', () => {
  let pg: SecondPostgres;
  let h: Harness;
  beforeAll(async () => {
    pg = await startSecondPostgres();
    h = await startHarness({ databaseUrl: pg.url });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    pg?.destroy();
  });

  it('refuses a report and a click plainly in each language, saves nothing, and works again after', async () => {
    const inc = await h.incident('Mail server down', TO.matching);
    await h.settle();
    await h.command(reporter, 'Printer on fire');
    await h.settle();
    const modal = h.recorder.lastView();
    const before = await h.storage.listIncidents({});

    pg.stop('immediate');
    expect((await h.submit(reporter, { severity: '3' }, modal)).status).toBe(200);
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:do:no_match');
    await h.bot.settled(); // the work after the acks (the outbox cannot be drained now)
    expect(h.recorder.ephemerals('UREPORTER').at(-1)).toBe(t('zh-CN', 'slack.error.db_unavailable'));
    expect(h.recorder.ephemerals('UALICE').at(-1)).toBe(t('en', 'slack.error.db_unavailable'));

    pg.start();
    await postgresAnswers(pg.url);
    const after = await h.storage.listIncidents({});
    expect(after.map((i) => i.id)).toEqual(before.map((i) => i.id));
    expect((await h.storage.getIncident(inc.id))?.version).toBe(inc.version);

    // Back by itself: the same click now works (the pool reconnects; no restart).
    await h.click(alice, h.recorder.card('CDESK', inc.number), 'itss:do:no_match');
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.status).not.toBe(inc.status);
  }, 60_000);
});
