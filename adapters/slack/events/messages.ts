// Messages: a DM to the bot or a mention of it offers the report form (IM1); a reply in a
// card's thread is a work-log entry (IM2.9, IM2.12 symptoms, IM3.1), relayed between the desk's
// and the team's threads by the core's relay effects; the reporter's reply in their DM thread
// answers a question (the paused clock restarts). Bolt acks events itself, before listeners.
import type { App } from '@slack/bolt';
import { PURPOSE, purposeArg, purposeKind } from '../../../src/app/card-places.js';
import type { ChatRef } from '../../../src/app/ports.js';
import { label, t } from '../../../src/i18n/index.js';
import { offerBlocks } from '../blocks.js';
import type { SlackContext } from '../context.js';
import { eventKey } from '../ids.js';
import { afterAck } from '../listen.js';
import type { MessageEvent } from '../payloads.js';
import { isConfigured, localeOf, onSlack, slackActor } from '../people.js';
import { runCommand } from '../run.js';
import { esc, LIMITS, truncate } from '../text.js';

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
    const ref = await ctx.places.card('slack', e.channel, e.thread_ts);
    if (ref) await onThreadReply(ctx, ref, e, eventId);
    return;
  }
  // A retried event has the same event_id: the Slack inbox stores it once and processes it once.
  if (e.channel_type !== 'im') return;
  const locale = localeOf(ctx.config, slackActor(ctx.config, { id: e.user ?? '' }));
  await ctx.client.chat.postMessage({
    channel: e.channel,
    text: esc(t(locale, 'slack.offer')),
    blocks: offerBlocks(locale, e.text ?? ''),
  });
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

async function onThreadReply(ctx: SlackContext, ref: ChatRef, e: MessageEvent, eventId: string) {
  const text = (e.text ?? '').trim();
  const userId = e.user ?? '';
  if (text === '') return;
  const configured = isConfigured(ctx.config, userId);
  const actor = slackActor(
    ctx.config,
    { id: userId },
    configured ? undefined : await ctx.displayName(userId),
  );
  const who = { actor, userId, channel: e.channel, thread: e.thread_ts };
  if (purposeKind(ref.purpose) === 'advice') {
    await relayAdvice(ctx, ref, text, actor.name);
    return;
  }
  const incident = await ctx.service.current(ref.incidentId);
  if (!incident) return;
  const opts = { idempotencyKey: eventKey(eventId) };
  if (actor.id === incident.reporterId && !actor.roles.length && !actor.teams.length) {
    // The reporter answers a question asked while the clock is paused; other chatter is theirs.
    if (incident.pauses.at(-1)?.to === null)
      await runCommand(ctx, incident.id, { type: 'reporter_replied', text }, who, opts);
    return;
  }
  await runCommand(ctx, incident.id, { type: 'add_worklog', text }, who, opts);
}

/** IM2.9 advice: a team's answer in the thread of the request reaches the desk's thread. */
async function relayAdvice(ctx: SlackContext, ref: ChatRef, text: string, name: string) {
  // A retried event is dropped by the inbox (same event_id). A replay after a crash between
  // the post and the inbox row's finish posts again: the relay has no use case yet (issue 11, 2).
  const incident = await ctx.service.current(ref.incidentId);
  const desk = onSlack(ctx.config.channels.desk);
  if (!incident || !desk) return;
  const card = await ctx.notifier.findRef(incident.id, PURPOSE.desk);
  const team = ctx.config.teams.find((x) => x.id === purposeArg(ref.purpose));
  const locale = ctx.config.locale;
  const message = t(locale, 'slack.relay.advice', {
    name,
    team: team ? label(locale, team.label) : purposeArg(ref.purpose),
    number: incident.number,
    text,
  });
  await ctx.notifier.post(desk, esc(truncate(message, LIMITS.messageText)), card?.messageId);
}
