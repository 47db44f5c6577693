// Installation and conversation updates in Teams: the conversation references the bot needs to
// write somewhere later (channels of a team it was added to, personal chats), and the welcome.

import { TeamsInfo, TurnContext } from 'botbuilder';
import { codesOnly } from '../../src/app/log.js';
import { t } from '../../src/i18n/index.js';
import { whoOf } from './answers.js';
import type { TeamsBotDeps } from './bot-deps.js';
import { attachment } from './card-parts.js';
import type { InboundActivity } from './conversations.js';
import { reportFormCard } from './form-cards.js';
import { reportLine } from './report.js';
import { escapeMarkdown } from './text.js';

export class Installation {
  constructor(private readonly deps: TeamsBotDeps) {}

  async remember(ctx: TurnContext): Promise<void> {
    try {
      await this.deps.conversations.remember(ctx.activity as InboundActivity);
    } catch (err) {
      this.deps.log.warn({ err: codesOnly(err) }, 'teams: could not store the conversation reference');
    }
  }

  async installed(ctx: TurnContext): Promise<void> {
    const { locale } = whoOf(this.deps.config, ctx);
    const a = ctx.activity;
    if (a.conversation.conversationType === 'personal') {
      // The form's submit carries which line this is: the reporter's card it becomes keeps it.
      const form = reportFormCard(locale, { title: '', description: '' }, 'card', undefined, 'welcome');
      await ctx.sendActivity({ ...reportLine(locale, 'welcome'), attachments: [attachment(form)] });
      return;
    }
    const team = (a.channelData as InboundActivity['channelData'])?.team?.id;
    // Listing the channels is a connector call: after the answer, so a hung connector cannot hold it.
    const origin = a as InboundActivity;
    if (team)
      this.deps.replies.inConversation(TurnContext.getConversationReference(a), (turn) =>
        this.rememberChannels(turn, origin, team),
      );
    await ctx.sendActivity(escapeMarkdown(t(this.deps.config.locale, 'teams.welcome.channel')));
  }

  /** Every channel of a team the bot was added to (`a`: the install activity), so it can post in
   *  the desk and team channels. A failure is retried by the reply queue. */
  private async rememberChannels(turn: TurnContext, a: InboundActivity, teamId: string): Promise<void> {
    const channels = await TeamsInfo.getTeamChannels(turn, teamId);
    for (const c of channels)
      if (c.id)
        await this.deps.conversations.remember({
          ...a,
          conversation: { ...a.conversation, id: c.id, conversationType: 'channel' },
          channelData: { ...a.channelData, channel: { id: c.id } },
        });
  }
}
