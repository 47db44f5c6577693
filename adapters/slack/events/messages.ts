// Messages: a DM to the bot or a mention of it offers the report form (IM1); a reply in the
// thread of one of our messages means what src/app/thread-replies.ts says (a work-log entry, the
// reporter's answer, the answer to an advice request) on every platform alike. Bolt acks events
// itself, before listeners.
import type { App } from '@slack/bolt';
import { type DirectAnswerOutcome, offersReportForm } from '../../../src/app/thread-replies.js';
import { t } from '../../../src/i18n/index.js';
import { answerChoiceBlocks } from '../actions/answer-choice.js';
import { offerBlocks } from '../blocks.js';
import type { SlackContext } from '../context.js';
import { eventKey } from '../ids.js';
import { afterAck } from '../listen.js';
import type { MessageEvent } from '../payloads.js';
import { isConfigured, localeOf, slackActor } from '../people.js';
import { answerError } from '../run.js';
import { esc, mrkdwn } from '../text.js';

/** Message subtypes that are still a person writing. */
const WRITTEN = new Set([undefined, 'thread_broadcast', 'file_share']);

export function registerMessageEvents(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, body }) => {
    const e = event as unknown as MessageEvent;
    if (!WRITTEN.has(e.subtype) || !e.user || e.bot_id) return;
    const eventId = (body as { event_id?: string }).event_id ?? `${e.channel}:${e.ts}`;
    await afterAck(ctx, 'message', () => onMessage(ctx, e, eventId));
  });
  app.event('app_mention', async ({ event }) => {
    const e = event as unknown as MessageEvent;
    await afterAck(ctx, 'mention', () => onMention(ctx, e));
  });
}

async function onMessage(ctx: SlackContext, e: MessageEvent, eventId: string): Promise<void> {
  if (e.thread_ts && e.thread_ts !== e.ts) {
    await onThreadReply(ctx, e, eventId);
    return;
  }
  // A retried event has the same event_id: the Slack inbox stores it once and processes it once.
  if (e.channel_type !== 'im') return;
  const locale = localeOf(ctx.config, slackActor(ctx.config, { id: e.user ?? '' }));
  const outcome = await onDirectAnswer(ctx, e, eventId);
  if (outcome === 'refused') return;
  // Kept for the reporter to choose which incident it answers: the form is still offered (empty)
  // for a message meant as a new report; taken as an answer, it is not (offersReportForm).
  const answered = outcome.kind === 'reporter_answer' ? outcome.result.incident.number : null;
  const taken = answered ? esc(t(locale, 'reply.answer_taken', { number: answered })) : null;
  const choice = outcome.kind === 'choose' ? answerChoiceBlocks(locale, outcome.key, outcome.choices) : [];
  const prompt =
    outcome.kind === 'choose'
      ? esc(t(locale, 'reply.choice.prompt', { count: outcome.choices.length }))
      : null;
  await ctx.client.chat.postMessage({
    channel: e.channel,
    text: taken ?? prompt ?? esc(t(locale, 'slack.offer')),
    blocks: [
      ...(taken ? [{ type: 'section' as const, text: mrkdwn(taken) }] : []),
      ...choice,
      ...(offersReportForm(outcome)
        ? offerBlocks(locale, outcome.kind === 'not_ours' ? (e.text ?? '') : '')
        : []),
    ],
  });
}

/** A plain DM while incidents of theirs wait on the reporter: their answer, or the choice of
 *  which incident it answers (thread-replies.ts); 'refused' when told why not. */
async function onDirectAnswer(
  ctx: SlackContext,
  e: MessageEvent,
  eventId: string,
): Promise<DirectAnswerOutcome | 'refused'> {
  const userId = e.user ?? '';
  const actor = await writerOf(ctx, userId);
  try {
    return await ctx.threadReplies.directAnswer({
      platform: 'slack',
      actor,
      text: e.text ?? '',
      idempotencyKey: eventKey(eventId),
    });
  } catch (err) {
    await answerError(ctx, err, { actor, userId, channel: e.channel, thread: undefined });
    return 'refused';
  }
}

/** A mention outside a card's thread: offer the form to the person, only them. */
async function onMention(ctx: SlackContext, e: MessageEvent): Promise<void> {
  if (!e.user) return;
  if (e.thread_ts && (await ctx.places.card('slack', e.channel, e.thread_ts))) return;
  const locale = localeOf(ctx.config, slackActor(ctx.config, { id: e.user }));
  const text = (e.text ?? '').replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim();
  await ctx.client.chat.postEphemeral({
    channel: e.channel,
    user: e.user,
    text: esc(t(locale, 'slack.offer')),
    blocks: offerBlocks(locale, text),
    ...(e.thread_ts ? { thread_ts: e.thread_ts } : {}),
  });
}

/** Who wrote a message: someone outside the configuration by their Slack display name, as on cards. */
async function writerOf(ctx: SlackContext, userId: string) {
  const configured = isConfigured(ctx.config, userId);
  return slackActor(ctx.config, { id: userId }, configured ? undefined : await ctx.displayName(userId));
}

/** A reply under one of our messages: its meaning is the application's (src/app/thread-replies.ts). */
async function onThreadReply(ctx: SlackContext, e: MessageEvent, eventId: string): Promise<boolean> {
  const userId = e.user ?? '';
  const actor = await writerOf(ctx, userId);
  const who = { actor, userId, channel: e.channel, thread: e.thread_ts };
  try {
    const outcome = await ctx.threadReplies.handle({
      platform: 'slack',
      conversationId: e.channel,
      threadRoot: e.thread_ts ?? '',
      actor,
      text: e.text ?? '',
      idempotencyKey: eventKey(eventId),
    });
    if (outcome.kind === 'reporter_note' || outcome.kind === 'reporter_answer') {
      // The reporter sees their words were kept; people in channel threads see the relays.
      const said = t(localeOf(ctx.config, actor), 'reply.noted', { number: outcome.result.incident.number });
      await ctx.tell(userId, e.channel, said, e.thread_ts);
    }
    return outcome.kind !== 'not_ours';
  } catch (err) {
    await answerError(ctx, err, who);
    return true;
  }
}
