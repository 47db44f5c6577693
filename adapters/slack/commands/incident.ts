// "/incident [text]": IM1, opens the report form prefilled with the text; "/incident reports
// [PERIOD]" (or "report PERIOD"): the period report, to agents and incident managers only, shown
// to the asker alone (src/app/reports/chat-report.ts decides which words ask for it).
// "/incident web": the person's own sign-in link to the web pages, answered in the command's
// response (ephemeral: only they see it), so nobody else in the channel gets their link.
// "/incident help" (or "帮助", "?"), the one word alone: what the command does, to the asker alone;
// any other text, "help" with more words too, is a report ("help desk VPN down").
import type { App } from '@slack/bolt';
import { chatReport, reportRequest } from '../../../src/app/reports/chat-report.js';
import { summaryText } from '../../../src/app/views/report-summary.js';
import { asksForWeb, webLinkReply } from '../../../src/app/web-server/chat-link.js';
import { t } from '../../../src/i18n/index.js';
import type { SlackContext } from '../context.js';
import { afterAck } from '../listen.js';
import { localeOf, slackActor } from '../people.js';
import { reportBlocks } from '../report-blocks.js';
import { openReportForm } from '../report-form.js';
import { answerError } from '../run.js';
import { esc, mrkdwn } from '../text.js';

export const SLASH_COMMAND = '/incident';

interface SlashBody {
  user_id: string;
  user_name?: string;
  channel_id: string;
  text?: string;
  trigger_id: string;
}

export function registerIncidentCommand(app: App, ctx: SlackContext): void {
  app.command(SLASH_COMMAND, async ({ ack, body }) => {
    if (asksForHelp(body.text ?? '')) {
      await ack(helpAnswer(ctx, body.user_id));
      return;
    }
    if (asksForWeb(body.text ?? '')) {
      await ack(webLinkAnswer(ctx, body.user_id, body.user_name));
      return;
    }
    await ack();
    const period = reportRequest(body.text ?? '');
    await afterAck(ctx, 'slash command', () =>
      period === null
        ? openReportForm(ctx, body.trigger_id, body.user_id, body.text ?? '', { channel: body.channel_id })
        : answerReport(ctx, body, period),
    );
  });
}

const HELP_WORDS = ['help', '帮助', '?', '？'];
const asksForHelp = (text: string): boolean => HELP_WORDS.includes(text.trim().toLowerCase());

/** Help changes nothing either: answered in the acknowledgement, seen by the asker only. */
function helpAnswer(ctx: SlackContext, userId: string) {
  const locale = localeOf(ctx.config, slackActor(ctx.config, { id: userId }));
  // "/incident web" is offered only where the web pages are on.
  const text = esc(t(locale, 'slack.help', { web: ctx.web ? t(locale, 'slack.help.web') : '' }));
  return { response_type: 'ephemeral' as const, text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

/** Issuing a link changes nothing, so it can be the acknowledgement itself. */
function webLinkAnswer(ctx: SlackContext, userId: string, userName: string) {
  const actor = slackActor(ctx.config, { id: userId, name: userName });
  const reply = webLinkReply(ctx.web, actor, localeOf(ctx.config, actor), ctx.config, ctx.clock.now());
  const text = reply.url ? `${esc(reply.text)}\n<${esc(reply.url)}|${esc(reply.label)}>` : esc(reply.text);
  return { response_type: 'ephemeral' as const, text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

async function answerReport(ctx: SlackContext, body: SlashBody, period: string): Promise<void> {
  const actor = slackActor(ctx.config, {
    id: body.user_id,
    ...(body.user_name ? { name: body.user_name } : {}),
  });
  try {
    const locale = localeOf(ctx.config, actor);
    const view = await chatReport(ctx.reports, ctx.config, actor, locale, period, ctx.clock.now());
    await ctx.tell(body.user_id, body.channel_id, summaryText(view), undefined, reportBlocks(view));
  } catch (err) {
    await answerError(ctx, err, { actor, userId: body.user_id, channel: body.channel_id });
  }
}
