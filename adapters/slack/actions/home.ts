// App Home's "Refresh" button re-publishes the person's home view.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { publishHome } from '../events/home.js';
import { ACTION } from '../ids.js';
import { afterAck } from '../listen.js';
import type { BlockActionBody } from '../payloads.js';

export function registerHomeActions(app: App, ctx: SlackContext): void {
  app.action(ACTION.homeRefresh, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as BlockActionBody;
    await afterAck(ctx, 'home refresh', () => publishHome(ctx, b.user.id));
  });
}
