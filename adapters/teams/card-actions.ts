// Action.Execute in Teams (`adaptiveCard/action`): report, commands, refresh on view, open from a
// list and knowledge clicks, each answered with the card as the person now sees it (or why
// nothing happened, in their language).
import { randomUUID } from 'node:crypto';
import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { stampCaption } from '../../src/app/card-caption.js';
import { PURPOSE } from '../../src/app/card-places.js';
import { keepNewCard } from '../../src/app/chat-delivery.js';
import { answerTakenText } from '../../src/app/thread-replies.js';
import type { CommandResult } from '../../src/app/triage-service.js';
import { checkForm, type FormValues, formFieldOf, parseCommand } from '../../src/app/views/forms.js';
import type { Command, CommandType } from '../../src/core/commands.js';
import { DomainError, isDomainError } from '../../src/core/errors.js';
import { checkAllowed } from '../../src/core/guards.js';
import type { Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { attention, type Banner, errorText, incidentOf, personalCard, type Who, whoOf } from './answers.js';
import type { TeamsBotDeps } from './bot-deps.js';
import { attachment, CARD_CONTENT_TYPE, type Json } from './card-parts.js';
import { messageCard } from './cards.js';
import { activityKey, type CardData, inputsOf, readCardData, typedOf, VERB } from './ids.js';
import type { KnowledgeActions } from './knowledge.js';
import type { MessageTurns } from './messages.js';
import { captionOf } from './notifier.js';
import type { ReportActions } from './report.js';
import { zonedIso } from './text.js';

const card = (value: Json): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: CARD_CONTENT_TYPE,
  value,
});

export interface CardActionParts {
  reports: ReportActions;
  knowledge: KnowledgeActions;
  messages: MessageTurns;
}

export class CardActions {
  private readonly newId: () => string;

  constructor(
    private readonly deps: TeamsBotDeps,
    private readonly parts: CardActionParts,
  ) {
    this.newId = deps.newId ?? randomUUID;
  }

  async invoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const who = whoOf(this.deps.config, ctx);
    const raw = (value.action.data ?? {}) as Record<string, unknown>;
    const d = readCardData(raw) ?? { itss: 1 };
    try {
      switch (value.action.verb) {
        case VERB.report:
          return card((await this.parts.reports.submit(ctx, who, raw, 'card')).card);
        case VERB.command:
          return card(await this.command(ctx, who, d, raw));
        case VERB.refresh:
          return card(await this.cardOf(d.i, d.p, who));
        case VERB.open:
          return card(await this.open(ctx, d, who));
        case VERB.knowledge:
          return card(await this.parts.knowledge.click(ctx, who, d));
        case VERB.answer:
          return card(await this.parts.messages.chooseAnswer(who, d));
        default:
          return card(messageCard(t(who.locale, 'teams.error.generic'), 'attention'));
      }
    } catch (err) {
      return card(messageCard(errorText(this.deps.config, this.deps.log, who.locale, err), 'attention'));
    }
  }

  /** The card at `purpose` as this person sees it now (refresh on view, after a click). */
  private async cardOf(
    incidentId: string | undefined,
    purpose: string | undefined,
    who: Who,
    banner?: Banner,
    toDo?: CommandType,
  ) {
    return this.incidentCard(await this.incidentOf(incidentId, who, toDo), purpose, who, banner);
  }

  /** Every card, form and dialog showing an incident goes through the read rule first. */
  incidentOf(incidentId: string | undefined, who: Who, toDo?: CommandType): Promise<Incident> {
    return incidentOf(this.deps.service, incidentId, who, toDo);
  }

  private incidentCard(
    incident: Incident,
    purpose: string | undefined,
    who: Who,
    banner?: Banner,
    answering?: Pick<CommandResult, 'view' | 'knowledgeVersion'>,
  ): Promise<Json> {
    return personalCard(this.deps.renderer, incident, purpose, who, banner, answering);
  }

  /** A command from a card or a dialog; answers with the card as the person now sees it. */
  private async command(
    ctx: TurnContext,
    who: Who,
    d: CardData,
    raw: Record<string, unknown>,
  ): Promise<Json> {
    if (!d.c || !d.i) throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
    const incidentId = d.i;
    let command: Command;
    try {
      // What the form can be told before anything runs (the same checks as Slack's modals).
      command = this.parse(d.c, d.pre ?? {}, raw);
      checkForm(command, this.deps.config);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      return this.sentBack(who, { ...d, c: d.c, i: incidentId }, raw, err);
    }
    const key = activityKey(ctx.activity.id ?? '', who.userId, d.c);
    try {
      // The answer's view in the person's language: built once, by the command (render.ts reuses it).
      const opts = {
        idempotencyKey: key,
        locale: who.locale,
        ...(d.v === undefined ? {} : { expectedVersion: d.v }),
      };
      const result = await this.deps.knowledge.runFromChat(incidentId, command, who.actor, opts);
      // The reporter's answer is acknowledged on the card they answered on, as a message is.
      const taken = answerTakenText(command, result);
      const banner = taken
        ? { text: t(who.locale, taken.key, taken.params), tone: 'good' as const }
        : undefined;
      return this.incidentCard(result.incident, d.p, who, banner, result);
    } catch (err) {
      // A vanished incident is not the person's to fix; an unknown entry reference is.
      if (!isDomainError(err) || (err.code === 'not_found' && err.params.what === 'incident')) throw err;
      // Nothing changed (the core refused before anything was written).
      const doubleClick = err.code === 'already_done' && err.params.by === who.actor.name;
      if (doubleClick) return this.cardOf(incidentId, d.p, who, undefined, d.c);
      return this.sentBack(who, { ...d, c: d.c, i: incidentId }, raw, err);
    }
  }

  /**
   * A command refused (by the form parser or the core; nothing written): the card as it is now,
   * in the person's language. A refusal about one of the form's inputs sends the form back open,
   * as they typed it, with why under that input; any other is a line on top. The action's own
   * rule (core checkAllowed, same actor) is asked first, so a field's problem is shown only to
   * someone who may act, and someone without a part gets why they were refused, not the card.
   */
  private async sentBack(
    who: Who,
    d: CardData & { c: CommandType; i: string },
    raw: Record<string, unknown>,
    err: DomainError,
  ): Promise<Json> {
    const incident = await this.incidentOf(d.i, who, d.c);
    const banner = (e: DomainError) =>
      this.incidentCard(
        incident,
        d.p,
        who,
        attention(errorText(this.deps.config, this.deps.log, who.locale, e)),
      );
    // Not about an input (already done, not allowed, …): said on top, as always.
    if (formFieldOf(err, () => true) === null) return banner(err);
    const refusal = allowedOrWhy(incident, who, d.c);
    if (refusal) return banner(refusal);
    const view = this.deps.service.viewOf(incident, who.actor, who.locale);
    const action = view.actions.find((a) => a.command === d.c);
    const field = action ? formFieldOf(err, (name) => action.inputs.some((i) => i.name === name)) : null;
    if (field === null) return banner(err);
    const text = errorText(this.deps.config, this.deps.log, who.locale, err);
    const problem = { command: d.c, typed: typedOf(d.c, raw), field, text };
    return personalCard(this.deps.renderer, incident, d.p, who, undefined, { view }, problem);
  }

  /** Form values → Command: presets from the card, inputs by name, date + time → instant. */
  parse(type: CommandType, pre: Record<string, string>, raw: Record<string, unknown>): Command {
    const values: Record<string, string> = { ...pre, ...inputsOf(type, raw) };
    for (const name of Object.keys(values)) {
      if (!name.endsWith('.date')) continue;
      const field = name.slice(0, -'.date'.length);
      const iso = zonedIso(
        values[name] ?? '',
        values[`${field}.time`] ?? '',
        this.deps.config.calendar.timeZone,
      );
      values[field] = iso ?? '';
      delete values[name];
      delete values[`${field}.time`];
    }
    return parseCommand(type, values as FormValues, this.newId);
  }

  /** From a list: the incident's card as a message of its own, kept up to date. */
  private async open(ctx: TurnContext, d: CardData, who: Who): Promise<Json> {
    // Refused before anything is sent or stored: a stranger's chat is never subscribed.
    const incident = await this.incidentOf(d.i, who);
    const purpose = incident.reporterId === who.actor.id ? PURPOSE.reporter : PURPOSE.dm(who.actor.id);
    const { conversationType, id: conversationId } = ctx.activity.conversation;
    const personal = conversationType === 'personal';
    const activity = {
      type: 'message' as const,
      attachments: [attachment(await this.incidentCard(incident, purpose, who))],
    };
    // Posted after the answer; once Teams gives it an id, it is kept up to date like the others,
    // and the card it replaces in this chat (an earlier open, the card delivery posted) is
    // retired, as delivery does (keepNewCard).
    this.deps.replies.send(TurnContext.getConversationReference(ctx.activity), [activity], async ([id]) => {
      if (id && personal)
        await keepNewCard(this.deps.retirer, this.deps.places, {
          incident,
          purpose,
          card: {
            conversationId,
            messageId: id,
            threadId: null,
            // What was posted with the card (nothing today), resent while still true like the others'.
            caption: stampCaption(captionOf(activity), incident),
          },
          locale: who.locale,
          timeZone: this.deps.config.calendar.timeZone,
        });
    });
    return this.parts.messages.listCard(d.p === 'queue' ? 'queue' : 'mine', who);
  }
}

/** The core's refusal of `command` for this person as the incident stands, or null if allowed. */
function allowedOrWhy(incident: Incident, who: Who, command: CommandType): DomainError | null {
  try {
    checkAllowed(incident, who.actor, command);
    return null;
  } catch (err) {
    if (isDomainError(err)) return err;
    throw err;
  }
}
