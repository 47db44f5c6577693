// The Teams bot: what people do in Teams, turned into the same use cases Slack drives.
//  - personal chat: commands (report, my incidents, queue, help); anything else is offered the
//    report form, prefilled with what they wrote;
//  - @mention in a channel or group chat: the same, answered in the thread;
//  - replies in the thread of a desk or team card: the incident's work log (relayed to the
//    other side by the core while a team holds it); replies to an advice request: relayed;
//  - Action.Execute (`adaptiveCard/action`): report, commands, refresh on view, open from a list,
//    answered with the card as the person now sees it (or why nothing happened);
//  - knowledge clicks (IM2.7 search again, IM2.8 "didn't help") and "save as knowledge" (a
//    dialog after IM4.1): handed to knowledge.ts;
//  - dialogs (`task/fetch` / `task/submit`): forms that do not sit on the card, e.g. IM2.14;
//  - IM1 from the report form and the "Report incident" message action
//    (`composeExtension/fetchTask` / `submitAction`): handed to report.ts;
//  - installation and conversation updates: conversation references for proactive messages.
// Who is acting, their card and errors in their words come from answers.ts.

import { randomUUID } from 'node:crypto';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { PURPOSE } from '../../src/app/card-places.js';
import type { ChatPlaces } from '../../src/app/chat-places.js';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import { ThreadReplies } from '../../src/app/thread-replies.js';
import type { TriageService } from '../../src/app/triage-service.js';
import { type FormValues, parseCommand } from '../../src/app/views/forms.js';
import type { IncidentView, ViewAction } from '../../src/app/views/incident-view.js';
import { type ReportPrefill, reportPrefill } from '../../src/app/views/report-prefill.js';
import type { Command, CommandType } from '../../src/core/commands.js';
import type { Locale, TriageConfig } from '../../src/core/config.js';
import { DomainError, isDomainError } from '../../src/core/errors.js';
import { checkAllowed } from '../../src/core/guards.js';
import { worklogStep } from '../../src/core/rules.js';
import type { Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import {
  attention,
  type Banner,
  continueDialog,
  dialogMessage,
  errorText,
  incidentOf,
  personalCard,
  type Who,
  whoOf,
  withBanner,
} from './answers.js';
import { attachment, CARD_CONTENT_TYPE, type Json } from './card-parts.js';
import { incidentListCard, messageCard } from './cards.js';
import { type Conversations, type InboundActivity, PLATFORM, splitThread } from './conversations.js';
import { commandFormCard, dialogTitle, reportFormCard } from './form-cards.js';
import { activityKey, type CardData, inputsOf, readCardData, VERB } from './ids.js';
import { KnowledgeActions } from './knowledge.js';
import type { TeamsLog, TeamsNotifier } from './notifier.js';
import type { CardRenderer } from './render.js';
import type { ReplyQueue } from './replies.js';
import { ReportActions } from './report.js';
import { escapeMarkdown, LIMITS, plainFromHtml, zonedIso } from './text.js';

export interface TeamsBotDeps {
  service: TriageService;
  /** IM2.7–IM2.10: "didn't help", search again, save as knowledge, an applied entry's ranking. */
  knowledge: KnowledgeService;
  config: TriageConfig;
  places: ChatPlaces;
  renderer: CardRenderer;
  conversations: Conversations;
  log: TeamsLog;
  /** Posts in a channel, or in the thread of `replyTo` (the notifier's proactive path). */
  poster: Pick<TeamsNotifier, 'post'>;
  /** Sends after the HTTP answer (a hung connector must not hold it). */
  replies: Pick<ReplyQueue, 'send' | 'inConversation'>;
  /** Ids for new on-site tasks (tests may fix them). */
  newId?: () => string;
}

/** What the person typed, as a command of the bot's command list (manifest `commandLists`). */
type ChatCommand = 'help' | 'report' | 'mine' | 'queue';
const WORDS: Readonly<Record<ChatCommand, readonly string[]>> = {
  help: ['help', '?', '帮助'],
  report: ['report', 'report incident', 'report an incident', '报告', '报障', '报告事件'],
  mine: ['my incidents', 'mine', '我的事件', '我的'],
  queue: ['queue', 'desk queue', '队列', '服务台队列'],
};

export function chatCommand(text: string): ChatCommand | null {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [command, list] of Object.entries(WORDS))
    if (list.includes(words)) return command as ChatCommand;
  return null;
}

const card = (value: Json): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: CARD_CONTENT_TYPE,
  value,
});

export class TeamsBot extends TeamsActivityHandler {
  private readonly newId: () => string;
  private readonly knowledgeActions: KnowledgeActions;
  private readonly reports: ReportActions;
  private readonly threadReplies: ThreadReplies;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.threadReplies = new ThreadReplies(deps.places, deps.service);
    this.newId = deps.newId ?? randomUUID;
    this.knowledgeActions = new KnowledgeActions(deps);
    this.reports = new ReportActions(deps);
    this.onMessage(async (ctx, next) => {
      await this.remember(ctx);
      await this.message(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.remember(ctx);
      await this.installed(ctx);
      await next();
    });
    this.onConversationUpdate(async (ctx, next) => {
      await this.remember(ctx);
      await next();
    });
  }

  // ---- who, in which language --------------------------------------------------------------

  private who(ctx: TurnContext): Who {
    return whoOf(this.deps.config, ctx);
  }

  private async remember(ctx: TurnContext): Promise<void> {
    try {
      await this.deps.conversations.remember(ctx.activity as InboundActivity);
    } catch (err) {
      this.deps.log.warn({ err }, 'teams: could not store the conversation reference');
    }
  }

  private errorText(locale: Locale, err: unknown): string {
    return errorText(this.deps.config, this.deps.log, locale, err);
  }

  // ---- installation ------------------------------------------------------------------------

  private async installed(ctx: TurnContext): Promise<void> {
    const { locale } = this.who(ctx);
    const a = ctx.activity;
    if (a.conversation.conversationType === 'personal') {
      await ctx.sendActivity({
        text: escapeMarkdown(t(locale, 'teams.welcome')),
        attachments: [attachment(reportFormCard(locale, { title: '', description: '' }, 'card'))],
      });
      return;
    }
    const team = (a.channelData as InboundActivity['channelData'])?.team?.id;
    // Listing the channels is a connector call: after the answer, so a hung connector cannot hold it.
    const origin = a as InboundActivity;
    if (team)
      this.deps.replies.inConversation(TurnContext.getConversationReference(a), (turn) =>
        this.rememberChannels(turn, origin, team),
      );
    await ctx.sendActivity(escapeMarkdown(t(this.deps.config.locale, 'teams.welcome.channel')));
  }

  /** Every channel of a team the bot was added to (`a`: the install activity), so it can post in
   *  the desk and team channels. A failure is retried by the reply queue. */
  private async rememberChannels(turn: TurnContext, a: InboundActivity, teamId: string): Promise<void> {
    const channels = await TeamsInfo.getTeamChannels(turn, teamId);
    for (const c of channels)
      if (c.id)
        await this.deps.conversations.remember({
          ...a,
          conversation: { ...a.conversation, id: c.id, conversationType: 'channel' },
          channelData: { ...a.channelData, channel: { id: c.id } },
        });
  }

  // ---- messages ------------------------------------------------------------------------------

  private async message(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const type = a.conversation.conversationType ?? 'personal';
    const text = plainFromHtml(TurnContext.removeRecipientMention(a) ?? a.text ?? '');
    if (type === 'personal') return this.personal(ctx, text);
    const { root, channel } = splitThread(a.conversation.id);
    if (type === 'channel' && root && (await this.threadReply(ctx, channel, root, text))) return;
    // Elsewhere the bot answers only when it is mentioned (with RSC it sees every message).
    const mentioned = (a.entities ?? []).some(
      (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient.id,
    );
    if (mentioned) await this.personal(ctx, text);
  }

  /** A command, or the offer of the report form prefilled with what they wrote. */
  private async personal(ctx: TurnContext, text: string): Promise<void> {
    const who = this.who(ctx);
    const command = chatCommand(text);
    if (command === 'help') {
      await ctx.sendActivity(escapeMarkdown(t(who.locale, 'teams.help')));
      return;
    }
    if (command === 'mine' || command === 'queue') {
      await ctx.sendActivity({ attachments: [attachment(await this.listCard(command, who))] });
      return;
    }
    const prefill: ReportPrefill =
      command === 'report' ? { title: '', description: '' } : reportPrefill(text);
    await ctx.sendActivity({
      text: escapeMarkdown(t(who.locale, 'teams.offer')),
      attachments: [attachment(reportFormCard(who.locale, prefill, 'card'))],
    });
  }

  private async listCard(list: 'mine' | 'queue', who: Who): Promise<Json> {
    const { service } = this.deps;
    const desk = who.actor.roles.includes('agent') || who.actor.roles.includes('manager');
    if (list === 'queue' && !desk) return messageCard(t(who.locale, 'teams.queue.forbidden'), 'attention');
    const incidents =
      list === 'queue'
        ? await service.queue()
        : await service.reportedBy(who.actor, { open: true, limit: 100 });
    const shown = incidents.slice(0, LIMITS.listItems).map((i) => service.viewOf(i, who.actor, who.locale));
    const title = t(who.locale, list === 'queue' ? 'teams.queue.title' : 'teams.mine.title');
    return incidentListCard(who.locale, title, shown, incidents.length - shown.length);
  }

  /** A reply under one of our messages, as the application reads it (src/app/thread-replies.ts);
   *  false when the thread is not ours. The person is told what became of it. */
  private async threadReply(ctx: TurnContext, channel: string, root: string, text: string): Promise<boolean> {
    const who = this.who(ctx);
    try {
      const outcome = await this.threadReplies.handle({
        platform: PLATFORM,
        conversationId: channel,
        threadRoot: root,
        actor: who.actor,
        text,
        idempotencyKey: activityKey(ctx.activity.id ?? '', who.userId, 'worklog'),
      });
      if (outcome.kind === 'not_ours') return false;
      if (outcome.kind === 'ignored') return true;
      const { incident } = outcome.result;
      const said =
        outcome.kind === 'advice_answer'
          ? t(who.locale, 'teams.relay.sent')
          : t(who.locale, 'teams.worklog.added', {
              number: incident.number,
              step: worklogStep(incident.status),
            });
      await ctx.sendActivity(escapeMarkdown(said));
    } catch (err) {
      await ctx.sendActivity(escapeMarkdown(this.errorText(who.locale, err)));
    }
    return true;
  }

  // ---- Action.Execute ------------------------------------------------------------------------

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const who = this.who(ctx);
    const raw = (value.action.data ?? {}) as Record<string, unknown>;
    const d = readCardData(raw) ?? { itss: 1 };
    try {
      switch (value.action.verb) {
        case VERB.report:
          return card((await this.reports.submit(ctx, who, raw, 'card')).card);
        case VERB.command:
          return card(await this.command(ctx, who, d, raw));
        case VERB.refresh:
          return card(await this.cardOf(d.i, d.p, who));
        case VERB.open:
          return card(await this.open(ctx, d, who));
        case VERB.knowledge:
          return card(await this.knowledgeActions.click(ctx, who, d));
        default:
          return card(messageCard(t(who.locale, 'teams.error.generic'), 'attention'));
      }
    } catch (err) {
      return card(messageCard(this.errorText(who.locale, err), 'attention'));
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
  private incidentOf(incidentId: string | undefined, who: Who, toDo?: CommandType): Promise<Incident> {
    return incidentOf(this.deps.service, incidentId, who, toDo);
  }

  private incidentCard(
    incident: Incident,
    purpose: string | undefined,
    who: Who,
    banner?: Banner,
    view?: IncidentView,
  ): Promise<Json> {
    return personalCard(this.deps.renderer, incident, purpose, who, banner, view);
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
    const command = this.parse(d.c, d.pre ?? {}, raw);
    const key = activityKey(ctx.activity.id ?? '', who.userId, d.c);
    try {
      const opts = { idempotencyKey: key, ...(d.v === undefined ? {} : { expectedVersion: d.v }) };
      const result = await this.deps.knowledge.runFromChat(incidentId, command, who.actor, opts);
      return this.incidentCard(result.incident, d.p, who, undefined, result.view);
    } catch (err) {
      // A vanished incident is not the person's to fix; an unknown entry reference is.
      if (!isDomainError(err) || (err.code === 'not_found' && err.params.what === 'incident')) throw err;
      // Nothing changed: the card as it is now, with why (in their language).
      const doubleClick = err.code === 'already_done' && err.params.by === who.actor.name;
      const why = doubleClick ? undefined : attention(this.errorText(who.locale, err));
      // Someone without a part is told why the command was refused, without the card.
      return this.cardOf(incidentId, d.p, who, why, d.c);
    }
  }

  /** Form values → Command: presets from the card, inputs by name, date + time → instant. */
  private parse(type: CommandType, pre: Record<string, string>, raw: Record<string, unknown>): Command {
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
      type: 'message',
      attachments: [attachment(await this.incidentCard(incident, purpose, who))],
    };
    // Posted after the answer; once Teams gives it an id, it is kept up to date like the others.
    this.deps.replies.send(TurnContext.getConversationReference(ctx.activity), [activity], async ([id]) => {
      if (id && personal)
        await this.deps.places.keepCard({
          incidentId: incident.id,
          platform: PLATFORM,
          purpose,
          conversationId,
          messageId: id,
          threadId: null,
        });
    });
    return this.listCard(d.p === 'queue' ? 'queue' : 'mine', who);
  }

  // ---- dialogs -------------------------------------------------------------------------------

  protected override async handleTeamsTaskModuleFetch(
    ctx: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    const who = this.who(ctx);
    const d = readCardData(request.data);
    try {
      if (d?.dlg === 'knowledge') return await this.knowledgeActions.openSave(who, d);
      if (!d?.c || !d.i) throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
      const incident = await this.incidentOf(d.i, who, d.c);
      if (d.v !== undefined) await this.deps.service.checkCardCurrent(incident, d.c, d.v);
      checkAllowed(incident, who.actor, d.c);
      const view = this.deps.service.viewOf(incident, who.actor, who.locale);
      const action = actionOf(view, d.c);
      return this.dialog(view, action, d, who, await this.knowledgeActions.presetsOf(d));
    } catch (err) {
      return dialogMessage(this.errorText(who.locale, err));
    }
  }

  protected override async handleTeamsTaskModuleSubmit(
    ctx: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    const who = this.who(ctx);
    const raw = (request.data ?? {}) as Record<string, unknown>;
    const d = readCardData(raw);
    if (d?.dlg === 'knowledge') return this.knowledgeActions.save(ctx, who, d, raw);
    if (!d?.c || !d.i) return dialogMessage(t(who.locale, 'teams.error.generic'));
    let incident: Incident;
    try {
      incident = await this.incidentOf(d.i, who, d.c);
    } catch (err) {
      return dialogMessage(this.errorText(who.locale, err));
    }
    try {
      const command = this.parse(d.c, d.pre ?? {}, raw);
      const key = activityKey(ctx.activity.id ?? '', who.userId, d.c);
      const opts = { idempotencyKey: key, ...(d.v === undefined ? {} : { expectedVersion: d.v }) };
      const result = await this.deps.knowledge.runFromChat(d.i, command, who.actor, opts);
      const done = t(who.locale, 'teams.done', {
        action: t(who.locale, `action.${d.c}`),
        number: result.incident.number,
      });
      return dialogMessage(done);
    } catch (err) {
      if (
        !isDomainError(err) ||
        ['already_done', 'stale_version', 'forbidden', 'wrong_state'].includes(err.code)
      )
        return dialogMessage(this.errorText(who.locale, err));
      // A problem with what was typed: the form again, as filled in, with the reason on top.
      const view = this.deps.service.viewOf(incident, who.actor, who.locale);
      const values = { ...(d.pre ?? {}), ...inputsOf(d.c, raw) };
      return this.dialog(view, actionOf(view, d.c), d, who, values, this.errorText(who.locale, err));
    }
  }

  private dialog(
    view: IncidentView,
    action: ViewAction,
    d: CardData,
    who: Who,
    presets: Record<string, string>,
    banner?: string,
  ): TaskModuleResponse {
    const ctx = { locale: who.locale, timeZone: this.deps.config.calendar.timeZone };
    const form = commandFormCard(view, action, { ...d, itss: 1 }, ctx, presets);
    return continueDialog(dialogTitle(view, action), banner ? withBanner(form, banner) : form);
  }

  /** A click on an old card before any form is opened: "already done by X" or "out of date". */

  // ---- the "Report incident" message action --------------------------------------------------

  protected override async handleTeamsMessagingExtensionFetchTask(
    ctx: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.reports.fromMessage(this.who(ctx), action);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    ctx: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.reports.submitFromMessage(ctx, this.who(ctx), action);
  }
}

function actionOf(view: IncidentView, command: CommandType): ViewAction {
  const action = view.actions.find((a) => a.command === command);
  if (!action) throw new DomainError('wrong_state', { action: command, status: view.status });
  return action;
}
