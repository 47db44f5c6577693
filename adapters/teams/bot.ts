// The Teams bot: what people do in Teams, turned into the same use cases Slack drives. The
// activity handler only routes; each surface is its own file, as Slack's are:
//  - messages.ts: personal chat, mentions, replies in our threads;
//  - card-actions.ts: Action.Execute (`adaptiveCard/action`);
//  - dialogs.ts: `task/fetch` / `task/submit`;
//  - report.ts: IM1 from the report form and the "Report incident" message action;
//  - knowledge.ts: IM2.7 search again, IM2.8 "didn't help", save as knowledge;
//  - installation.ts: installation and conversation updates (conversation references).
// Who is acting, their card and errors in their words come from answers.ts.
import type {
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  MessagingExtensionAction,
  MessagingExtensionActionResponse,
  TaskModuleRequest,
  TaskModuleResponse,
  TurnContext,
} from 'botbuilder';
import { whoOf } from './answers.js';
import type { TeamsBotDeps } from './bot-deps.js';
import { CardActions } from './card-actions.js';
import { CardInvokeHandler } from './card-invoke.js';
import { Dialogs } from './dialogs.js';
import { Installation } from './installation.js';
import { KnowledgeActions } from './knowledge.js';
import { MessageTurns } from './messages.js';
import { ReportActions } from './report.js';

export type { TeamsBotDeps } from './bot-deps.js';
export { chatCommand } from './messages.js';

// CardInvokeHandler: a TeamsActivityHandler that answers the Action.Execute click without
// botbuilder's per-step wrappers (card-invoke.ts).
export class TeamsBot extends CardInvokeHandler {
  private readonly reports: ReportActions;
  private readonly cards: CardActions;
  private readonly dialogs: Dialogs;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    const knowledge = new KnowledgeActions(deps);
    const messages = new MessageTurns(deps);
    const installation = new Installation(deps);
    this.reports = new ReportActions(deps);
    this.cards = new CardActions(deps, { reports: this.reports, knowledge, messages });
    this.dialogs = new Dialogs(deps, { knowledge, cards: this.cards });
    this.onMessage(async (ctx, next) => {
      await installation.remember(ctx);
      await messages.message(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await installation.remember(ctx);
      await installation.installed(ctx);
      await next();
    });
    this.onConversationUpdate(async (ctx, next) => {
      await installation.remember(ctx);
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return this.cards.invoke(ctx, value);
  }

  protected override handleTeamsTaskModuleFetch(
    ctx: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    return this.dialogs.fetch(ctx, request);
  }

  protected override handleTeamsTaskModuleSubmit(
    ctx: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    return this.dialogs.submit(ctx, request);
  }

  /** The "Report incident" message action (`composeExtension/fetchTask` / `submitAction`). */
  protected override async handleTeamsMessagingExtensionFetchTask(
    ctx: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.reports.fromMessage(whoOf(this.deps.config, ctx), action);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(
    ctx: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return this.reports.submitFromMessage(ctx, whoOf(this.deps.config, ctx), action);
  }
}
