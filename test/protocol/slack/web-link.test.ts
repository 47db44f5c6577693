// The web pages from Slack (issue 13 item 6), over signed HTTP into Bolt: `/incident web` is
// answered in the command's own response (ephemeral: only the person sees it) with their own
// signed link, nothing is posted where others could see it, and incident cards link to the
// incident's page without any token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebAuth } from '../../../src/app/web-server/web-auth.js';
import { type Harness, startHarness, textOf, user } from './harness.js';

const web = new WebAuth({
  baseUrl: 'https://itss.example.com',
  linkSecret: 'slack-web-link-secret-0123456789abcdef',
  linkTtlMs: 3_600_000,
  trustedUserHeader: null,
});

const tokenIn = (text: string): string => {
  const m = /sign-in\?t=([A-Za-z0-9._%-]+)/.exec(text);
  if (!m?.[1]) throw new Error(`no sign-in link in: ${text}`);
  return decodeURIComponent(m[1]);
};

describe('Slack: links to the web pages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ web });
  });
  afterAll(() => h.close());

  it('answers /incident web with the asker’s own link, only to them', async () => {
    h.recorder.reset();
    const res = await h.command(user('UALICE', 'alice'), ' Web ');
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('https://itss.example.com/web/sign-in?t=');
    const check = web.exchange(tokenIn(answer.text), h.clock.now()).who;
    expect(check).toMatchObject({ ok: true, personId: 'alice' });
    await h.settle();
    // No modal opened, nothing posted: the link went nowhere but the response.
    expect(h.recorder.callsTo('views.open')).toEqual([]);
    expect(JSON.stringify(h.recorder.calls)).not.toContain('sign-in?t=');
  });

  it('the help offers "/incident web" where the pages are on, in both languages', async () => {
    const en = (await (await h.command(user('UALICE', 'alice'), 'help')).json()) as { text: string };
    expect(en.text).toContain('“/incident web” gives your personal link');
    const zh = (await (await h.command(user('UREPORTER', 'wang.fang'), '帮助')).json()) as { text: string };
    expect(zh.text).toContain('“/incident 网页”（或“web”）发送您访问网页的个人链接；“/incident 帮助”');
  });

  it('names a person the configuration does not know by their Slack id (they may read what they reported)', async () => {
    const res = await h.command(user('USTRANGER', 'sam'), 'web');
    const answer = (await res.json()) as { text: string };
    expect(web.exchange(tokenIn(answer.text), h.clock.now()).who).toMatchObject({
      ok: true,
      personId: 'slack:USTRANGER',
    });
  });

  it('puts the incident page on every card, with no token in it', async () => {
    const inc = await h.incident('Shared printer queue stuck');
    const card = h.recorder.card('CDESK', inc.number);
    const text = textOf(card);
    expect(text).toContain(`<https://itss.example.com/web/incidents/${inc.id}|`);
    expect(JSON.stringify(card.blocks)).not.toContain('t=');
  });
});
