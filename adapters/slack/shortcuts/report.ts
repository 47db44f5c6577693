// IM1 from any message: the "Report incident" message shortcut prefills the form with the
// message's text and a permalink to it.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { CALLBACK } from '../ids.js';
import { afterAck } from '../listen.js';
import type { MessageShortcutBody } from '../payloads.js';
import { openReportForm } from '../report-form.js';

export function registerReportShortcut(app: App, ctx: SlackContext): void {
  app.shortcut(CALLBACK.reportShortcut, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as MessageShortcutBody;
    await afterAck(ctx, 'message shortcut', async () => {
      const link = await ctx.client.chat
        .getPermalink({ channel: b.channel.id, message_ts: b.message.ts })
        .then((r) => r.permalink)
        .catch(() => undefined);
      await openReportForm(
        ctx,
        b.trigger_id,
        b.user.id,
        b.message.text ?? '',
        { channel: b.channel.id },
        link,
      );
    });
  });
}
