// A proactive turn (the bot speaking first: a card update, a notice, a roster read) whose errors
// reach the caller. Errors are caught inside the turn on purpose: the CloudAdapter hands an
// error thrown from the turn's logic to onTurnError, which logs it and returns — a failed send
// would look delivered, and the outbox would never retry it.
import type { TurnContext } from 'botbuilder';
import type { Reference } from './conversations.js';

/** The CloudAdapter's proactive side; `Ctx` is as much of a TurnContext as the caller uses. */
export interface ProactiveTurns<Ctx = TurnContext> {
  continueConversationAsync(
    appId: string,
    reference: Reference,
    logic: (ctx: Ctx) => Promise<void>,
  ): Promise<void>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; err: unknown };

export async function inProactiveTurn<Ctx, T>(
  adapter: ProactiveTurns<Ctx>,
  appId: string,
  reference: Reference,
  work: (ctx: Ctx) => Promise<T>,
): Promise<T> {
  let outcome: Outcome<T> = { ok: false, err: new Error('teams: the proactive turn did not run') };
  await adapter.continueConversationAsync(appId, reference, async (ctx) => {
    try {
      outcome = { ok: true, value: await work(ctx) };
    } catch (err) {
      outcome = { ok: false, err };
    }
  });
  const done = outcome as Outcome<T>;
  if (!done.ok) throw done.err;
  return done.value;
}
