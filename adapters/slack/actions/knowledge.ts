// Knowledge clicks on incident cards (core/knowledge-rules.ts): IM2.8 "didn't help" on a
// candidate, IM2.7 "search again", and "save as knowledge" after IM4.1 (opens its modal).
// They change the knowledge base and the audit trail, never the incident, so an older card may
// still use them; who may is checked by the use case.
import type { App } from '@slack/bolt';
import { saveKnowledgeInputs } from '../../../src/app/views/knowledge-forms.js';
import { checkKnowledgeAllowed } from '../../../src/core/knowledge-rules.js';
import { t } from '../../../src/i18n/index.js';
import type { SlackContext } from '../context.js';
import { ACTION, actionKey, decodeButton } from '../ids.js';
import { saveKnowledgeModal } from '../knowledge-blocks.js';
import { afterAck } from '../listen.js';
import { type ActionPayload, type BlockActionBody, channelOf } from '../payloads.js';
import { localeOf, slackActor } from '../people.js';
import { type Asker, answerError } from '../run.js';

type Click = { body: BlockActionBody; action: ActionPayload; who: Asker; incidentId: string; ref: string };
type Handler = (ctx: SlackContext, click: Click) => Promise<void>;

export function registerKnowledgeActions(app: App, ctx: SlackContext): void {
  // `itss:kb:not_helpful#2`: the second entry's button of the card (knowledge-blocks.ts).
  const on = (actionId: string, handler: Handler) =>
    app.action(new RegExp(`^${actionId}(#\\d+)?$`), async ({ ack, body, action }) => {
      await ack();
      const b = body as unknown as BlockActionBody;
      const a = action as unknown as ActionPayload;
      await afterAck(ctx, actionId, () => run(ctx, b, a, handler));
    });
  on(ACTION.kbNotHelpful, notHelpful);
  on(ACTION.kbSearch, searchAgain);
  on(ACTION.kbSave, openSaveForm);
}

async function run(ctx: SlackContext, body: BlockActionBody, action: ActionPayload, handler: Handler) {
  const value = decodeButton(action.value);
  if (!value) return;
  const actor = slackActor(ctx.config, body.user);
  const who = { actor, userId: body.user.id, channel: channelOf(body), thread: body.message?.thread_ts };
  try {
    await handler(ctx, { body, action, who, incidentId: value.incidentId, ref: value.presets.ref ?? '' });
  } catch (err) {
    await answerError(ctx, err, who);
  }
}

/**
 * IM2.8: the candidate did not fit. A redelivery, or the inbox's replay after a crash, carries
 * the same action_ts: the use case finds its key taken and records nothing, and nobody is told twice.
 */
const notHelpful: Handler = async (ctx, { body, action, who, incidentId, ref }) => {
  const idempotencyKey = actionKey(action, body.user.id);
  const done = await ctx.knowledge.notHelpful(incidentId, ref, who.actor, '', { idempotencyKey });
  if (done.replayed) return;
  const locale = localeOf(ctx.config, who.actor);
  await ctx.tell(
    who.userId,
    who.channel,
    t(locale, 'match.not_helpful.recorded', { ref: done.entry.ref }),
    who.thread,
  );
};

/** IM2.7 on demand: recorded once per click; outbox delivery re-renders the cards with the new list. */
const searchAgain: Handler = async (ctx, { body, action, who, incidentId }) => {
  await ctx.knowledge.searchAgain(incidentId, who.actor, { idempotencyKey: actionKey(action, body.user.id) });
};

/** The modal is only opened for someone who may save; the submission is checked again. */
const openSaveForm: Handler = async (ctx, { body, who, incidentId }) => {
  const incident = await ctx.service.read(incidentId, who.actor, 'save_knowledge');
  checkKnowledgeAllowed(incident, who.actor, 'save_knowledge');
  const locale = localeOf(ctx.config, who.actor);
  const view = ctx.service.viewOf(incident, who.actor, locale);
  const modal = saveKnowledgeModal(view, saveKnowledgeInputs(incident, locale), {
    incidentId,
    channel: who.channel,
  });
  await ctx.client.views.open({ trigger_id: body.trigger_id, view: modal });
};
