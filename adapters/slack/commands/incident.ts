// "/incident [text]": IM1, opens the report form prefilled with the text; "/incident reports
// [PERIOD]" (or "report PERIOD"): the period report, to agents and incident managers only, shown
// to the asker alone (src/app/reports/chat-report.ts decides which words ask for it).
import type { App } from '@slack/bolt';
import { chatReport, reportRequest } from '../../../src/app/reports/chat-report.js';
import { summaryText } from '../../../src/app/views/report-summary.js';
import type { SlackContext } from '../context.js';
import { afterAck } from '../listen.js';
import { localeOf, slackActor } from '../people.js';
import { reportBlocks } from '../report-blocks.js';
import { openReportForm } from '../report-form.js';
import { answerError } from '../run.js';

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
    await ack();
    const period = reportRequest(body.text ?? '');
    await afterAck(ctx, 'slash command', () =>
      period === null
        ? openReportForm(ctx, body.trigger_id, body.user_id, body.text ?? '', { channel: body.channel_id })
        : answerReport(ctx, body, period),
    );
  });
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
