// A request no listener of ours takes (a shortcut or button of another app version, a callback
// id the manifest has but the code no longer does): acknowledged at once, so Slack does not wait
// 3 s and report a failure, and the person told in a few words where Slack shows nothing else.
// Logged at debug with the kind and id only (never the words of the request).
import type { AnyMiddlewareArgs } from '@slack/bolt';
import { t } from '../../src/i18n/index.js';
import type { SlackContext } from './context.js';
import { afterAck } from './listen.js';
import { localeOf, slackActor } from './people.js';

type Ack = (answer?: unknown) => Promise<void>;
interface Unmatched {
  body: { user?: { id?: string }; user_id?: string; channel?: { id?: string }; channel_id?: string };
  ack: Ack;
}

export function answerUnmatched(ctx: SlackContext) {
  return async (kind: string, id: string, args: AnyMiddlewareArgs): Promise<void> => {
    const { body, ack } = args as unknown as Unmatched;
    ctx.log.debug({ kind, id }, 'slack: no listener, acknowledged');
    const userId = body.user?.id ?? body.user_id ?? '';
    const text = t(localeOf(ctx.config, slackActor(ctx.config, { id: userId })), 'slack.unknown_action');
    if (kind === 'options') return ack({ options: [] });
    if (kind === 'command') return ack({ response_type: 'ephemeral', text });
    await ack();
    // A click on something not ours (ours all start "itss") is left alone; shortcuts and
    // modals only come from this app.
    const ours = kind !== 'action' || id.startsWith('itss');
    if (!ours || !userId) return;
    const channel = body.channel?.id ?? body.channel_id ?? null;
    await afterAck(ctx, 'unmatched request', () => ctx.tell(userId, channel, text));
  };
}
