// IM1 from Teams, for TeamsBot: the report form submitted as a card in a chat (which then
// becomes the reporter's card) or from the "Report incident" message action's dialog, which
// opens prefilled with the message and who wrote it.

import type { MessagingExtensionAction, MessagingExtensionActionResponse, TurnContext } from 'botbuilder';
import { stampCaption } from '../../src/app/card-caption.js';
import { PURPOSE } from '../../src/app/card-places.js';
import { type CardRetirer, keepNewCard } from '../../src/app/chat-delivery.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { TriageService } from '../../src/app/triage-service.js';
import { databaseUnavailableCode } from '../../src/app/unavailable.js';
import { reportPrefill } from '../../src/app/views/report-prefill.js';
import type { Locale, TriageConfig } from '../../src/core/config.js';
import { isDomainError } from '../../src/core/errors.js';
import { toLevel } from '../../src/core/priority.js';
import type { Incident, Level } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { errorText, personalCard, type Who } from './answers.js';
import { attachment, type Json } from './card-parts.js';
import { messageCard } from './cards.js';
import { type ReportLine, reportFormCard } from './form-cards.js';
import { activityKey, inputsOf, REPORT, readCardData } from './ids.js';
import { captionOf, type TeamsLog } from './notifier.js';
import type { CardRenderer } from './render.js';
import { escapeMarkdown, plainFromHtml } from './text.js';

export interface ReportDeps {
  service: TriageService;
  config: TriageConfig;
  places: ChatPlaces;
  retirer: CardRetirer;
  renderer: CardRenderer;
  log: TeamsLog;
}

const LINE_TEXT = { offer: 'teams.offer', welcome: 'teams.welcome' } as const;

/** The line posted above the report form in a chat (the offer after a message, the welcome on
 *  install): kept as the caption of the reporter's card the form becomes, since every update of
 *  that card replaces the whole message (notifier.ts). The form's submit says which it was. */
export const reportLine = (locale: Locale, line: ReportLine = 'offer') => ({
  type: 'message' as const,
  text: escapeMarkdown(t(locale, LINE_TEXT[line])),
});

/** The message action's dialog: the report form, tall enough for a prefilled description. */
const reportDialog = (title: string, form: Json): MessagingExtensionActionResponse => ({
  task: { type: 'continue', value: { title, card: attachment(form), width: 'medium', height: 'large' } },
});

export class ReportActions {
  constructor(private readonly deps: ReportDeps) {}

  /** IM1 from the report form (a card in a chat, or the message action's dialog). */
  async submit(
    ctx: TurnContext,
    who: Who,
    raw: Record<string, unknown>,
    mode: 'card' | 'dialog',
  ): Promise<{ card: Json; registered: string | null }> {
    const values = inputsOf(REPORT, raw);
    const line = readCardData(raw)?.l ?? 'offer';
    const severity = values.severity ? toLevel(values.severity, 'severity') : null;
    const input = {
      title: values.title ?? '',
      description: values.description ?? '',
      service: values.service?.trim() || null,
      severity: severity as Level | null,
      reportedVia: 'teams',
    };
    try {
      const key = activityKey(ctx.activity.id ?? '', who.userId, 'report');
      const result = await this.deps.service.report(input, who.actor, { idempotencyKey: key });
      return await this.registeredAnswer(ctx, who, result.incident, mode, line);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const prefill = { title: input.title, description: input.description };
      return {
        card: reportFormCard(who.locale, prefill, mode, this.errorText(who, err), line),
        registered: null,
      };
    }
  }

  /** The reporter's card this chat already keeps for the incident, if any. */
  private async keptReporterCard(incident: Incident, conversationId: string) {
    const cards = await this.deps.places.cards(incident.id, this.deps.retirer.platform);
    return cards.find((c) => c.purpose === PURPOSE.reporter && c.conversationId === conversationId);
  }

  /**
   * The report is committed: the answer says so whatever happens next. Should the database go
   * away before the form is remembered as the reporter's card (or the card rendered), the
   * reporter still reads "registered" with the number — never "not saved" for a saved report.
   */
  private async registeredAnswer(
    ctx: TurnContext,
    who: Who,
    incident: Incident,
    mode: 'card' | 'dialog',
    line: ReportLine,
  ): Promise<{ card: Json; registered: string }> {
    const registered = t(who.locale, 'teams.report.registered', { number: incident.number });
    if (mode === 'dialog') return { card: messageCard(registered, 'good'), registered };
    try {
      const message = ctx.activity.replyToId;
      const conversationId = ctx.activity.conversation.id;
      const kept = message ? await this.keptReporterCard(incident, conversationId) : undefined;
      if (kept && kept.messageId !== message) {
        // A retried submit after delivery posted the reporter's card below the form (the desk's
        // question, say): that card stays the live one, with its text; the form only confirms.
        return { card: messageCard(registered, 'good'), registered };
      }
      if (message) {
        // The form becomes the reporter's card of the new incident, kept up to date from now on
        // (keepNewCard, the one rule for a card posted: here there is no older one to retire).
        await keepNewCard(this.deps.retirer, this.deps.places, {
          incident,
          purpose: PURPOSE.reporter,
          card: {
            conversationId,
            messageId: message,
            threadId: null,
            // The offer asked for a report: once submitted, no update repeats it; the welcome
            // introduces the bot and stays (card-caption.ts).
            caption: stampCaption(
              captionOf(reportLine(who.locale, line)),
              null,
              undefined,
              line === 'welcome',
            ),
          },
          locale: who.locale,
          timeZone: this.deps.config.calendar.timeZone,
        });
      }
      return { card: await personalCard(this.deps.renderer, incident, PURPOSE.reporter, who), registered };
    } catch (err) {
      const code = databaseUnavailableCode(err) ?? 'error';
      this.deps.log.warn(
        { code, incident: incident.id },
        'teams: report registered; its card was not finished',
      );
      return { card: messageCard(registered, 'good'), registered };
    }
  }

  /** `composeExtension/fetchTask`: the form, prefilled from the message and naming its author. */
  fromMessage(who: Who, action: MessagingExtensionAction): MessagingExtensionActionResponse {
    const payload = action.messagePayload;
    const text = plainFromHtml(payload?.body?.content ?? '');
    const author = payload?.from?.user?.displayName;
    const prefill = reportPrefill(text, author && t(who.locale, 'teams.report.source', { author }));
    return reportDialog(t(who.locale, 'teams.report.title'), reportFormCard(who.locale, prefill, 'dialog'));
  }

  /** `composeExtension/submitAction`: registered (a line), or the form again with why. */
  async submitFromMessage(
    ctx: TurnContext,
    who: Who,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    const raw = (action.data ?? {}) as Record<string, unknown>;
    const title = t(who.locale, 'teams.report.title');
    try {
      const { card: answer, registered } = await this.submit(ctx, who, raw, 'dialog');
      if (registered) return { task: { type: 'message', value: registered } };
      return reportDialog(title, answer);
    } catch (err) {
      return { task: { type: 'message', value: this.errorText(who, err) } };
    }
  }

  private errorText(who: Who, err: unknown): string {
    return errorText(this.deps.config, this.deps.log, who.locale, err);
  }
}
