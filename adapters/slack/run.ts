// Running a command from Slack after the ack, and answering the person who gave it: domain
// errors come back as an ephemeral message in their language; the loser of a race learns who
// won and sees the card refreshed. Nothing here changes anything when the command fails.
import { codesOnly } from '../../src/app/log.js';
import type { CommandResult } from '../../src/app/triage-service.js';
import { databaseUnavailableCode, outageKind, platformUnreachable } from '../../src/app/unavailable.js';
import type { Command } from '../../src/core/commands.js';
import { isDomainError } from '../../src/core/errors.js';
import type { Actor } from '../../src/core/types.js';
import { errorMessage, t } from '../../src/i18n/index.js';
import type { SlackContext } from './context.js';
import { isConfigured, localeOf, slackActor } from './people.js';

export interface Asker {
  actor: Actor;
  userId: string;
  /** Where to answer (ephemeral); null = by DM. */
  channel: string | null;
  thread?: string;
}

export interface RunOptions {
  expectedVersion?: number;
  idempotencyKey?: string;
  /** When the request was acknowledged (inbox.ts actedAt): the command's time. */
  actedAt?: Date | undefined;
}

/** Runs the command; its result when it changed the incident (or replays one that did), else
 *  null after answering the person. */
export async function runCommand(
  ctx: SlackContext,
  incidentId: string,
  command: Command,
  who: Asker,
  opts: RunOptions,
): Promise<CommandResult | null> {
  try {
    const actor = await named(ctx, who);
    // Through the knowledge service: IM2.8 "apply" checks its entry and ranks it up.
    const { actedAt, ...rest } = opts;
    return await ctx.knowledge.runFromChat(
      incidentId,
      command,
      actor,
      actedAt ? Object.assign(rest, { actedAt }) : rest,
    );
  } catch (err) {
    await answerError(ctx, err, who, incidentId);
    return null;
  }
}

/**
 * Someone not in the configuration is named in the trail as on the cards and at IM1 (their
 * Slack display name), not by the login name a payload carries; configured people keep theirs.
 */
async function named(ctx: SlackContext, who: Asker): Promise<Actor> {
  if (isConfigured(ctx.config, who.userId)) return who.actor;
  return { ...who.actor, name: await ctx.displayName(who.userId, who.actor.name) };
}

/** Tells one person what went wrong; refreshes the cards when they acted on an old one. */
export async function answerError(
  ctx: SlackContext,
  err: unknown,
  who: Asker,
  incidentId?: string,
): Promise<void> {
  const locale = localeOf(ctx.config, who.actor);
  const outage = databaseUnavailableCode(err);
  if (outage) {
    // The command's transaction died with the connection: nothing was saved — or, lost during
    // COMMIT, maybe saved (src/app/unavailable.ts). Code only: the failed query's parameters are
    // people's words.
    ctx.log.warn({ code: outage, user: who.userId }, 'slack: database unavailable, command refused');
    await ctx.tell(who.userId, who.channel, t(locale, `slack.error.${outageKind(outage)}`), who.thread);
    return;
  }
  // The client's base URL (SLACK_API_URL, else Slack's): the host is logged, never a path or token.
  const platform = platformUnreachable(err, ctx.client.slackApiUrl);
  if (platform) {
    // A Slack API call inside the command could not connect; the answer may not arrive either.
    ctx.log.warn({ ...platform, user: who.userId }, 'slack: could not reach Slack, command failed');
    await ctx
      .tell(who.userId, who.channel, t(locale, 'slack.error.platform_unreachable'), who.thread)
      .catch(() => undefined);
    return;
  }
  if (!isDomainError(err)) {
    ctx.log.error({ err: codesOnly(err), user: who.userId }, 'slack: command failed');
    await ctx.tell(who.userId, who.channel, t(locale, 'slack.error.generic'), who.thread);
    return;
  }
  if ((err.code === 'already_done' || err.code === 'stale_version') && incidentId) {
    const current = await ctx.service.current(incidentId);
    if (current)
      await ctx.notifier
        .refresh(current)
        .catch((e: unknown) => ctx.log.warn({ err: codesOnly(e) }, 'slack: refresh failed'));
    // A double click: the first click did it; the second has nothing to report.
    if (err.code === 'already_done' && err.params.by === who.actor.name) return;
  }
  const text = errorMessage(locale, err, { timeZone: ctx.config.calendar.timeZone });
  await ctx.tell(who.userId, who.channel, text, who.thread);
}

/**
 * A request the inbox could not store because the database is down: it was acknowledged as
 * refused, and its sender is told plainly — where they acted (the channel of a click, a command
 * or a message; a form's sender by DM) — that nothing was saved.
 */
export const refuseUnstored =
  (ctx: SlackContext) =>
  async (body: Record<string, unknown>, err: unknown): Promise<void> => {
    const who = askerOfBody(ctx, body);
    if (who) await answerError(ctx, err, who).catch(() => undefined);
  };

/** The channel a form was opened from, where our forms keep it (private_metadata.channel). */
function formChannel(view: unknown): string | null {
  const raw =
    view && typeof view === 'object' ? (view as { private_metadata?: unknown }).private_metadata : null;
  try {
    const channel = typeof raw === 'string' ? (JSON.parse(raw) as { channel?: unknown }).channel : null;
    return typeof channel === 'string' && channel !== '' ? channel : null;
  } catch {
    return null;
  }
}

function askerOfBody(ctx: SlackContext, body: Record<string, unknown>): Asker | null {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const event = obj(body.event);
  const userId = str(obj(body.user).id) ?? str(body.user_id) ?? str(event.user);
  if (!userId) return null;
  const channel =
    str(obj(body.channel).id) ?? str(body.channel_id) ?? str(event.channel) ?? formChannel(body.view);
  const thread = str(event.thread_ts);
  return {
    actor: slackActor(ctx.config, { id: userId }),
    userId,
    channel,
    ...(thread ? { thread } : {}),
  };
}
