// "History" on a card opens the incident's timeline in a modal; its page buttons move through a
// long one in place (views.update). Each click reads through TriageService.history, so someone
// without a part gets the usual refusal in their language and sees nothing of the incident.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { historyModal } from '../history-blocks.js';
import { ACTION, decodeHistoryPage } from '../ids.js';
import { afterAck } from '../listen.js';
import { type ActionPayload, type BlockActionBody, channelOf } from '../payloads.js';
import { localeOf, slackActor } from '../people.js';
import { answerError } from '../run.js';

export function registerHistoryActions(app: App, ctx: SlackContext): void {
  app.action(ACTION.history, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as BlockActionBody;
    const incidentId = (action as unknown as ActionPayload).value ?? '';
    await afterAck(ctx, 'history', () => show(ctx, b, incidentId, 0));
  });
  app.action(new RegExp(`^${ACTION.historyPage}:`), async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as BlockActionBody;
    const page = decodeHistoryPage((action as unknown as ActionPayload).value);
    if (page) await afterAck(ctx, 'history page', () => show(ctx, b, page.incidentId, page.from));
  });
}

/** Opens the modal (from a card) or moves the open one to another page (from the modal). */
async function show(
  ctx: SlackContext,
  body: BlockActionBody,
  incidentId: string,
  from: number,
): Promise<void> {
  const actor = slackActor(ctx.config, body.user);
  const who = { actor, userId: body.user.id, channel: channelOf(body), thread: body.message?.thread_ts };
  try {
    const history = await ctx.service.history(incidentId, actor, localeOf(ctx.config, actor));
    const view = historyModal(history, from);
    if (body.view?.id) await ctx.client.views.update({ view_id: body.view.id, view });
    else await ctx.client.views.open({ trigger_id: body.trigger_id, view });
  } catch (err) {
    await answerError(ctx, err, who, incidentId);
  }
}
