// App Home: a reporter sees their incidents; desk agents and managers see the queue (priority,
// then nature rank, then nearest deadline) with each deadline's state; team members see what
// their teams hold.
import type { App } from '@slack/bolt';
import { label, t } from '../../../src/i18n/index.js';
import { type HomeSection, homeView } from '../blocks.js';
import type { SlackContext } from '../context.js';
import { afterAck } from '../listen.js';
import { localeOf, slackActor } from '../people.js';

const SHOWN = 30;

export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await afterAck(ctx, 'app home', () => publishHome(ctx, event.user));
  });
}

export async function publishHome(ctx: SlackContext, userId: string): Promise<void> {
  const { config: cfg, service } = ctx;
  const actor = slackActor(cfg, { id: userId });
  const locale = localeOf(cfg, actor);
  const section = (title: string, list: readonly Parameters<typeof service.viewOf>[0][]): HomeSection => ({
    title,
    views: list.slice(0, SHOWN).map((i) => service.viewOf(i, actor, locale)),
    more: Math.max(0, list.length - SHOWN),
  });
  const sections: HomeSection[] = [];
  const queue = await service.deskQueue(actor);
  if (queue) sections.push(section(t(locale, 'slack.home.queue'), queue));
  for (const teamId of actor.teams) {
    const team = cfg.teams.find((x) => x.id === teamId);
    const name = team ? label(locale, team.label) : teamId;
    const held = await service.teamQueue(actor, teamId);
    if (held) sections.push(section(t(locale, 'slack.home.team', { team: name }), held));
  }
  const mine = await service.reportedBy(actor);
  const own = section(t(locale, 'slack.home.mine'), mine);
  if (sections.length === 0) sections.push(own);
  else if (mine.length > 0) sections.push(own);
  await ctx.client.views.publish({ user_id: userId, view: homeView(locale, sections) });
}
