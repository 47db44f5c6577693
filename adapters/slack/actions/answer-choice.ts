// Several incidents wait on the reporter and they wrote a plain DM: the choice of which one it
// answers (src/app/thread-replies.ts decides, keeps the message and records the click). Here: the
// blocks, and the click. The button carries the kept message's key and the incident id only; the
// application checks the clicker wrote that message and the incident was one offered.
import type { App } from '@slack/bolt';
import { type AnswerChoice, chosenAnswerText } from '../../../src/app/thread-replies.js';
import type { Locale } from '../../../src/core/config.js';
import { t } from '../../../src/i18n/index.js';
import type { Block } from '../blocks.js';
import type { SlackContext } from '../context.js';
import { ACTION } from '../ids.js';
import { afterAck } from '../listen.js';
import type { ActionPayload, BlockActionBody } from '../payloads.js';
import { isConfigured, localeOf, slackActor } from '../people.js';
import { answerError } from '../run.js';
import { esc, LIMITS, mrkdwn, plain, truncate } from '../text.js';

/** One section per waiting incident: number, title, the question; its button chooses it. */
export function answerChoiceBlocks(locale: Locale, key: string, choices: readonly AnswerChoice[]): Block[] {
  const prompt = t(locale, 'reply.choice.prompt', { count: choices.length });
  return [
    { type: 'section', text: mrkdwn(esc(prompt)) },
    ...choices.map(
      (c): Block => ({
        type: 'section',
        text: mrkdwn(
          truncate(
            `*${c.number}* ${esc(c.title)}${c.question ? `\n${esc(t(locale, 'reply.choice.asked', { question: c.question }))}` : ''}`,
            LIMITS.sectionText,
          ),
        ),
        accessory: {
          type: 'button',
          action_id: `${ACTION.answerChoice}:${c.number}`,
          text: plain(t(locale, 'reply.choice.button', { number: c.number }), LIMITS.buttonText),
          value: JSON.stringify({ a: key, i: c.incidentId }),
        },
      }),
    ),
  ];
}

export function registerAnswerChoice(app: App, ctx: SlackContext): void {
  app.action(new RegExp(`^${ACTION.answerChoice}:`), async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as BlockActionBody;
    const value = (action as unknown as ActionPayload).value;
    await afterAck(ctx, 'answer choice', () => onChoice(ctx, b, value));
  });
}

async function onChoice(ctx: SlackContext, b: BlockActionBody, raw: string | undefined): Promise<void> {
  const userId = b.user.id;
  const configured = isConfigured(ctx.config, userId);
  const actor = slackActor(
    ctx.config,
    { id: userId },
    configured ? undefined : await ctx.displayName(userId),
  );
  const channel = b.container?.channel_id ?? b.channel?.id ?? null;
  const who = { actor, userId, channel };
  const chosen = choiceOf(raw);
  try {
    if (!chosen) throw new Error('answer choice: unreadable button value');
    const outcome = await ctx.threadReplies.chooseAnswer({ actor, key: chosen.a, incidentId: chosen.i });
    const { key, params } = chosenAnswerText(outcome);
    const said = t(localeOf(ctx.config, actor), key, params);
    // The choice is replaced by what became of it: its buttons are gone, a later click is moot.
    const ts = b.container?.message_ts;
    if (channel && ts) await ctx.client.chat.update({ channel, ts, text: esc(said), blocks: [] });
    else await ctx.tell(userId, channel, said);
  } catch (err) {
    await answerError(ctx, err, who);
  }
}

function choiceOf(raw: string | undefined): { a: string; i: string } | null {
  try {
    const v = JSON.parse(raw ?? '') as { a?: unknown; i?: unknown };
    return typeof v.a === 'string' && typeof v.i === 'string' ? { a: v.a, i: v.i } : null;
  } catch {
    return null;
  }
}
