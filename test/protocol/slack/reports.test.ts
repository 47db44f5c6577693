// "/incident reports [PERIOD]" over signed HTTP into Bolt, the Web API at the local recorder:
// agents and incident managers get the summary as blocks shown to them alone, in their language;
// anyone else is refused in theirs; "/incident report <words>" still reports an incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import { type Harness, REPORTER, startHarness, user } from './harness.js';

const alice = user('UALICE', 'alice'); // desk agent, English
const mia = user('UMIA', 'mia'); // incident manager, the desk's Chinese
const nick = user('UNICK', 'nick'); // second line
const reporter = user('UREPORTER', 'wang.fang');

describe('Slack: the period report in chat', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    const desk = actorById(h.config, 'alice');
    const { incident } = await h.service.report(
      { title: 'VPN drops', description: '', service: null, severity: null, reportedVia: 'slack' },
      REPORTER,
    );
    await h.service.execute(incident.id, { type: 'classify', nature: 'fault', category: 'vpn' }, desk);
    await h.settle();
  });
  afterAll(() => h.close());

  const ephemeralsTo = (u: { id: string }) =>
    h.recorder.callsTo('chat.postEphemeral').filter((c) => c.args.user === u.id);
  const blockText = (blocks: unknown) => JSON.stringify(blocks);

  it('an agent gets the summary, in English, to them alone', async () => {
    expect((await h.command(alice, 'reports month')).status).toBe(200);
    await h.settle();
    const [answer] = ephemeralsTo(alice);
    expect(answer?.args.channel).toBe('CGENERAL');
    const blocks = blockText(answer?.args.blocks);
    expect(blocks).toContain('Service levels');
    expect(blocks).toContain('Reported');
    expect(blocks).toMatch(/P\d: 1 reported/);
    expect(h.recorder.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CGENERAL')).toEqual([]);
  });

  it('an incident manager gets it in Chinese; "report 2026-06" asks for a month', async () => {
    await h.command(mia, 'report 2026-06');
    await h.settle();
    const blocks = blockText(ephemeralsTo(mia).at(-1)?.args.blocks);
    expect(blocks).toContain('服务水平报表 2026-06-01 – 2026-06-30');
  });

  it('filters follow the period; a filter that is not configured is refused with the accepted ones', async () => {
    await h.command(alice, 'reports month category=vpn P3');
    await h.settle();
    const blocks = blockText(ephemeralsTo(alice).at(-1)?.args.blocks);
    expect(blocks).toContain('Filters: P3, VPN');
    expect(blocks).toMatch(/P3: 1 reported/);
    await h.command(alice, 'reports month team=nope');
    await h.settle();
    const refused = String(ephemeralsTo(alice).at(-1)?.args.text);
    expect(refused).toContain('“nope” is not one of');
    expect(refused).toContain('network');
  });

  it('a bad period is refused, saying what is accepted', async () => {
    await h.command(alice, 'reports 2026-13');
    await h.settle();
    expect(String(ephemeralsTo(alice).at(-1)?.args.text)).toContain('is not a period');
  });

  it('the second line and reporters are refused in their language, and see no figures', async () => {
    for (const who of [nick, reporter]) {
      await h.command(who, 'reports');
      await h.settle();
      const [answer] = ephemeralsTo(who);
      expect(answer?.args.blocks).toBeUndefined();
      expect(String(answer?.args.text)).toContain('查看报表');
    }
  });

  it('"report" with other words still opens the report form', async () => {
    const opened = () => h.recorder.callsTo('views.open').length;
    const before = opened();
    await h.command(reporter, 'report printer broken');
    await h.settle();
    expect(opened()).toBe(before + 1);
  });
});
