// IM1 "/incident [text]": opens the report form prefilled with the text.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { afterAck } from '../listen.js';
import { openReportForm } from '../report-form.js';

export const SLASH_COMMAND = '/incident';

export function registerIncidentCommand(app: App, ctx: SlackContext): void {
  app.command(SLASH_COMMAND, async ({ ack, body }) => {
    await ack();
    await afterAck(ctx, 'slash command', () =>
      openReportForm(ctx, body.trigger_id, body.user_id, body.text ?? '', { channel: body.channel_id }),
    );
  });
}
