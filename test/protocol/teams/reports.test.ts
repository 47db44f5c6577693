// "reports [PERIOD]" / "报表" / "report PERIOD" as Bot Framework activities into the CloudAdapter,
// replies captured at the local connector: agents and incident managers get the summary card,
// anyone else is refused; "report" alone still offers the report form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import type { Actor } from '../../../src/core/types.js';
import {
  type Harness,
  type Json,
  personalChat,
  startHarness,
  type TeamsUser,
  textsOf,
  user,
} from './harness.js';

const alice = user('alice'); // desk agent
const mia = user('mia'); // incident manager
const nick = user('nick'); // second line
const wang: TeamsUser = { id: '29:wang', name: 'Wang Fang', aadObjectId: 'aad-wang' };

describe('Teams: the period report in chat', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    const reporter: Actor = { id: 'teams:29:wang', name: 'Wang Fang', roles: [], teams: [] };
    const desk = actorById(h.config, 'alice');
    for (const title of ['VPN drops', 'Printer jam']) {
      const { incident } = await h.service.report(
        { title, description: '', service: null, severity: null, reportedVia: 'teams' },
        reporter,
      );
      await h.service.execute(incident.id, { type: 'classify', nature: 'fault', category: 'vpn' }, desk);
    }
    await h.drain();
  });
  afterAll(() => h.close());

  const ask = async (who: TeamsUser, text: string) => {
    const chat = personalChat(who);
    await h.message(who, chat, text);
    return h.connector.postedTo(chat.id).at(-1);
  };

  it('an agent gets the summary card for the month', async () => {
    const answer = await ask(alice, 'reports 2026-06');
    const texts = textsOf(answer?.card as Json).join('\n');
    expect(texts).toMatch(/2026-06-01 – 2026-06-30/);
    const facts = JSON.stringify((answer?.card as Json | undefined)?.body);
    expect(facts).toContain('FactSet');
    expect(texts).toMatch(/P\d: 2 reported|[一二三四]级：登记 2/);
  });

  it('an incident manager asks in Chinese words: 报表 and report PERIOD', async () => {
    expect(textsOf((await ask(mia, '报表 2026-06'))?.card as Json).join('\n')).toContain('2026-06-01');
    expect(textsOf((await ask(mia, 'report last-month'))?.card as Json).length).toBeGreaterThan(0);
  });

  it('the second line and reporters are refused and see no figures', async () => {
    for (const who of [nick, wang]) {
      const answer = await ask(who, 'reports');
      expect(answer?.card).toBeUndefined();
      expect(answer?.text ?? '').toMatch(/read the reports|查看报表/i);
    }
  });

  it('filters after the period narrow it; an unknown team is refused with the configured ones', async () => {
    const filtered = textsOf(
      (await ask(alice, 'reports 2026-06 platform=teams team=network'))?.card as Json,
    ).join('\n');
    expect(filtered).toMatch(/Filters: .*Teams|筛选/);
    expect((await ask(alice, 'reports 2026-06 team=nope'))?.text ?? '').toMatch(
      /“nope” (is not one of|不在可选值中)/,
    );
  });

  it('a bad period says what is accepted', async () => {
    expect((await ask(alice, 'reports 2026-13'))?.text ?? '').toMatch(/not a period|不是有效的期间/);
  });

  it('"report" alone still offers the report form', async () => {
    const answer = await ask(wang, 'report');
    expect(JSON.stringify(answer?.card)).toContain('itss.report');
  });
});
