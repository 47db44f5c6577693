// IM1 "/incident [text]": opens the report form prefilled with the text.
// "/incident web": the person's own sign-in link to the web pages, answered in the command's
// response (ephemeral: only they see it), so nobody else in the channel gets their link.
import type { App } from '@slack/bolt';
import { asksForWeb, webLinkReply } from '../../../src/app/web-server/chat-link.js';
import type { SlackContext } from '../context.js';
import { afterAck } from '../listen.js';
import { localeOf, slackActor } from '../people.js';
import { openReportForm } from '../report-form.js';
import { esc, mrkdwn } from '../text.js';

export const SLASH_COMMAND = '/incident';

export function registerIncidentCommand(app: App, ctx: SlackContext): void {
  app.command(SLASH_COMMAND, async ({ ack, body }) => {
    if (asksForWeb(body.text ?? '')) {
      await ack(webLinkAnswer(ctx, body.user_id, body.user_name));
      return;
    }
    await ack();
    await afterAck(ctx, 'slash command', () =>
      openReportForm(ctx, body.trigger_id, body.user_id, body.text ?? '', { channel: body.channel_id }),
    );
  });
}

/** Issuing a link changes nothing, so it can be the acknowledgement itself. */
function webLinkAnswer(ctx: SlackContext, userId: string, userName: string) {
  const actor = slackActor(ctx.config, { id: userId, name: userName });
  const reply = webLinkReply(ctx.web, actor, localeOf(ctx.config, actor), ctx.config, ctx.clock.now());
  const text = reply.url ? `${esc(reply.text)}\n<${esc(reply.url)}|${esc(reply.label)}>` : esc(reply.text);
  return { response_type: 'ephemeral' as const, text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
