// The submitted save-as-knowledge modal: a value the form parser rejects is shown next to its
// field; otherwise the draft is saved after the ack and the person told its reference.
import type { App } from '@slack/bolt';
import type { DraftEdits } from '../../../src/app/knowledge-service.js';
import { parseDraftEdits } from '../../../src/app/views/knowledge-forms.js';
import { t } from '../../../src/i18n/index.js';
import { readInputs } from '../blocks.js';
import type { SlackContext } from '../context.js';
import { CALLBACK, decodeKnowledgeMeta, viewKey } from '../ids.js';
import { afterAck } from '../listen.js';
import type { ViewSubmissionBody } from '../payloads.js';
import { localeOf, slackActor } from '../people.js';
import { answerError } from '../run.js';
import { fieldError } from './field-error.js';

export function registerKnowledgeForm(app: App, ctx: SlackContext): void {
  app.view(CALLBACK.saveKnowledge, async ({ ack, body }) => {
    const b = body as unknown as ViewSubmissionBody;
    const meta = decodeKnowledgeMeta(b.view.private_metadata);
    if (!meta) {
      await ack();
      return;
    }
    const actor = slackActor(ctx.config, b.user);
    const locale = localeOf(ctx.config, actor);
    const values = readInputs(b.view.state.values);
    const who = { actor, userId: b.user.id, channel: meta.channel };
    let edits: DraftEdits;
    try {
      edits = parseDraftEdits(values);
    } catch (err) {
      const shown = fieldError(ctx, { actor }, err, values);
      await ack(shown ?? undefined);
      if (!shown) await afterAck(ctx, 'save as knowledge', () => answerError(ctx, err, who));
      return;
    }
    await ack();
    await afterAck(ctx, 'save as knowledge', async () => {
      try {
        // The inbox replays a stored submit after a crash: same view id, same entry, told again.
        const idempotencyKey = viewKey(b.view.id);
        const entry = await ctx.knowledge.saveAsKnowledge(meta.incidentId, actor, edits, { idempotencyKey });
        await ctx.tell(who.userId, who.channel, t(locale, 'match.saved_draft', { ref: entry.ref }));
      } catch (err) {
        await answerError(ctx, err, who);
      }
    });
  });
}
