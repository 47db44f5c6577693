// "Report incident" buttons (the offer after a DM or mention, App Home) open the report form.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { ACTION } from '../ids.js';
import { afterAck } from '../listen.js';
import { type ActionPayload, type BlockActionBody, channelOf } from '../payloads.js';
import { openReportForm } from '../report-form.js';

export function registerReportButton(app: App, ctx: SlackContext): void {
  app.action(ACTION.openReport, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as BlockActionBody;
    const text = (action as unknown as ActionPayload).value ?? '';
    await afterAck(ctx, 'report button', () =>
      openReportForm(ctx, b.trigger_id, b.user.id, text, { channel: channelOf(b) }),
    );
  });
}
