// Submitted command forms: the values are parsed by the one form parser (src/app/views/forms.ts);
// a value it rejects, or the core rejects for the incident as it stands, is shown next to its
// field (the form stays open); anything else is answered after the ack.
import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { answerTakenText } from '../../../src/app/thread-replies.js';
import { checkForm, parseCommand } from '../../../src/app/views/forms.js';
import type { Command } from '../../../src/core/commands.js';
import { t } from '../../../src/i18n/index.js';
import { readInputs } from '../blocks.js';
import type { SlackContext } from '../context.js';
import { CALLBACK, decodeMeta, viewKey } from '../ids.js';
import { actedAt } from '../inbox.js';
import { afterAck } from '../listen.js';
import type { ViewSubmissionBody } from '../payloads.js';
import { localeOf, slackActor } from '../people.js';
import { answerError, runCommand } from '../run.js';
import { coreFieldError, fieldError } from './field-error.js';

export function registerCommandForm(app: App, ctx: SlackContext): void {
  app.view(CALLBACK.command, async ({ ack, body, context }) => {
    const b = body as unknown as ViewSubmissionBody;
    const meta = decodeMeta(b.view.private_metadata);
    if (!meta) {
      await ack();
      return;
    }
    const actor = slackActor(ctx.config, b.user);
    const values = readInputs(b.view.state.values);
    let command: Command;
    try {
      command = parseCommand(meta.command, values, randomUUID);
      checkForm(command, ctx.config);
    } catch (err) {
      const shown = fieldError(ctx, { actor }, err, values);
      if (shown) {
        await ack(shown);
        return;
      }
      await ack();
      await afterAck(ctx, 'form', () =>
        answerError(ctx, err, { actor, userId: b.user.id, channel: meta.channel }, meta.incidentId),
      );
      return;
    }
    const inCore = await coreFieldError(
      ctx,
      { actor },
      () => ctx.service.check(meta.incidentId, command, actor),
      values,
    );
    if (inCore) {
      await ack(inCore);
      return;
    }
    await ack();
    await afterAck(ctx, 'form', async () => {
      const who = { actor, userId: b.user.id, channel: meta.channel };
      const result = await runCommand(ctx, meta.incidentId, command, who, {
        expectedVersion: meta.version,
        idempotencyKey: viewKey(b.view.id),
        actedAt: actedAt(context),
      });
      // The reporter's answer through the Reply form is acknowledged in their DM, as a DM is.
      const taken = result ? answerTakenText(command, result) : null;
      if (taken) await ctx.tell(b.user.id, null, t(localeOf(ctx.config, actor), taken.key, taken.params));
    });
  });
}
