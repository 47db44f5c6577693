// Submitted report forms (IM1): the incident is registered after the ack; the reporter hears
// back by DM (through the outbox) and the desk gets the triage card.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { CALLBACK } from '../ids.js';
import { actedAt } from '../inbox.js';
import { afterAck } from '../listen.js';
import type { ViewSubmissionBody } from '../payloads.js';
import { checkReport, submitReport } from '../report-form.js';

export function registerReportForm(app: App, ctx: SlackContext): void {
  app.view(CALLBACK.report, async ({ ack, body, context }) => {
    const b = body as unknown as ViewSubmissionBody;
    const errors = checkReport(ctx, b);
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    // Registered at the time the form was acknowledged: the response deadline counts from it.
    await afterAck(ctx, 'report', () => submitReport(ctx, b, actedAt(context)));
  });
}
