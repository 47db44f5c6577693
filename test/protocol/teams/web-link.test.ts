// The web pages from Teams (issue 13 item 6), over the Bot Framework wire: `web` in a personal
// chat answers with the person's own signed link; asked in a channel it sends no link (everyone
// there would see it); incident cards open the incident's page, without any token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../../adapters/teams/card-parts.js';
import { actorById } from '../../../src/app/identity.js';
import { WebAuth } from '../../../src/app/web-server/web-auth.js';
import { channelConversation, type Harness, personalChat, startHarness, user } from './harness.js';

const web = new WebAuth({
  baseUrl: 'https://itss.example.com',
  linkSecret: 'teams-web-link-secret-0123456789abcdef',
  linkTtlMs: 3_600_000,
  trustedUserHeader: null,
});

const openUrls = (card: unknown): string[] =>
  [...JSON.stringify(card).matchAll(/"type":"Action\.OpenUrl","title":"[^"]*","url":"([^"]+)"/g)].map(
    (m) => m[1] as string,
  );

describe('Teams: links to the web pages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(undefined, undefined, undefined, web);
  });
  afterAll(() => h.close());

  it('answers “web” in a personal chat with the person’s own link', async () => {
    const alice = user('alice');
    const chat = personalChat(alice);
    await h.message(alice, chat, 'web');
    const card = h.connector.postedTo(chat.id).at(-1)?.card as Json;
    const [url] = openUrls(card);
    expect(url).toMatch(/^https:\/\/itss\.example\.com\/web\/sign-in\?t=/);
    const token = decodeURIComponent(new URL(url as string).searchParams.get('t') ?? '');
    expect(web.exchange(token, h.clock.now()).who).toMatchObject({ ok: true, personId: 'alice' });
    expect(h.cardProblems()).toEqual([]);
  });

  it('sends no link when asked in a channel, and says where to ask', async () => {
    const channel = channelConversation('19:general@thread.tacv2');
    const before = JSON.stringify(h.connector.calls).split('sign-in?t=').length;
    await h.mention(user('alice'), channel, 'web');
    const said = h.connector.postedTo(channel.id).at(-1);
    expect(said?.text).toContain('personal chat');
    expect(JSON.stringify(h.connector.calls).split('sign-in?t=').length).toBe(before);
  });

  it('puts the incident page on the desk card, with no token in it', async () => {
    const reporter = actorById(h.config, 'wang');
    const { incident } = await h.service.report(
      { title: 'Projector flickers', description: 'room 4', service: null, severity: null },
      reporter,
    );
    await h.drain();
    const card = h.connector.cardMessage('19:desk@thread.tacv2', incident.number)?.card;
    expect(openUrls(card)).toContain(`https://itss.example.com/web/incidents/${incident.id}`);
    expect(JSON.stringify(card)).not.toContain('sign-in');
    expect(h.cardProblems()).toEqual([]);
  });
});
