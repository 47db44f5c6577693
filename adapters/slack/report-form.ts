// IM1 in Slack: the report form, opened from /incident, the "Report incident" message
// shortcut, the offer after a DM or mention, and App Home. Submitting it registers the incident.

import { DESCRIPTION_MAX, reportPrefill } from '../../src/app/views/report-prefill.js';
import type { Level } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { readInputs, reportModal } from './blocks.js';
import type { SlackContext } from './context.js';
import { type ReportMeta, viewKey } from './ids.js';
import type { ViewSubmissionBody } from './payloads.js';
import { isConfigured, localeOf, slackActor } from './people.js';
import { answerError } from './run.js';

export async function openReportForm(
  ctx: SlackContext,
  triggerId: string,
  userId: string,
  text: string,
  meta: ReportMeta,
  source?: string,
): Promise<void> {
  const locale = localeOf(ctx.config, slackActor(ctx.config, { id: userId }));
  const prefill = reportPrefill(text, source && t(locale, 'slack.report.source', { link: source }));
  await ctx.client.views.open({ trigger_id: triggerId, view: reportModal(locale, prefill, meta) });
}

/** Checks the form before the ack (so a problem shows next to the field), then registers. */
export function checkReport(ctx: SlackContext, body: ViewSubmissionBody): Record<string, string> | null {
  const values = readInputs(body.view.state.values);
  const titled = String(values.title ?? '').trim() !== '';
  const fits = String(values.description ?? '').trim().length <= DESCRIPTION_MAX;
  if (titled && fits) return null;
  const locale = localeOf(ctx.config, slackActor(ctx.config, body.user));
  return {
    ...(titled ? {} : { title: t(locale, 'reason.required') }),
    ...(fits ? {} : { description: t(locale, 'reason.too_long', { max: DESCRIPTION_MAX }) }),
  };
}

export async function submitReport(
  ctx: SlackContext,
  body: ViewSubmissionBody,
  actedAt?: Date,
): Promise<void> {
  const values = readInputs(body.view.state.values);
  const meta = parseReportMeta(body.view.private_metadata);
  const configured = isConfigured(ctx.config, body.user.id);
  const name = configured
    ? undefined
    : await ctx.displayName(body.user.id, body.user.name ?? body.user.username);
  const actor = slackActor(ctx.config, body.user, name);
  const severity = Number(values.severity);
  try {
    await ctx.service.report(
      {
        title: String(values.title ?? ''),
        description: String(values.description ?? ''),
        service: typeof values.service === 'string' ? values.service : null,
        severity: severity >= 1 && severity <= 4 ? (severity as Level) : null,
        reportedVia: 'slack',
      },
      actor,
      { idempotencyKey: viewKey(body.view.id), ...(actedAt ? { actedAt } : {}) },
    );
  } catch (err) {
    await answerError(ctx, err, { actor, userId: body.user.id, channel: meta.channel });
  }
}

function parseReportMeta(raw: string | undefined): ReportMeta {
  try {
    const meta = JSON.parse(raw ?? '{}') as Partial<ReportMeta>;
    return { channel: typeof meta.channel === 'string' ? meta.channel : null };
  } catch {
    return { channel: null };
  }
}
