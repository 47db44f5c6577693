// Messages to the bot in Teams: personal chat (commands — report, my incidents, queue, help —
// or the report form offered, prefilled with what they wrote), a mention in a channel or group
// chat (the same), and replies in the thread of one of our messages (read by the application's
// rule, src/app/thread-replies.ts, and acknowledged to the person).
import { TurnContext } from 'botbuilder';
import { chatReport, reportRequest } from '../../src/app/reports/chat-report.js';
import {
  chosenAnswerText,
  type DirectAnswerOutcome,
  offersReportForm,
  ThreadReplies,
} from '../../src/app/thread-replies.js';
import { type ReportPrefill, reportPrefill } from '../../src/app/views/report-prefill.js';
import { webLinkReply } from '../../src/app/web-server/chat-link.js';
import { DomainError } from '../../src/core/errors.js';
import { worklogStep } from '../../src/core/rules.js';
import { t } from '../../src/i18n/index.js';
import { errorText, type Who, whoOf } from './answers.js';
import type { TeamsBotDeps } from './bot-deps.js';
import { attachment, card, type Json, textBlock } from './card-parts.js';
import { answerChoiceCard, incidentListCard, messageCard, openUrlSet } from './cards.js';
import { PLATFORM, splitThread } from './conversations.js';
import { reportFormCard } from './form-cards.js';
import { activityKey, type CardData } from './ids.js';
import { reportLine } from './report.js';
import { reportCard } from './report-card.js';
import { escapeMarkdown, LIMITS, plainFromHtml } from './text.js';

/** What the person typed, as a command of the bot's command list (manifest `commandLists`). */
type ChatCommand = 'help' | 'report' | 'mine' | 'queue' | 'web';
const WORDS: Readonly<Record<ChatCommand, readonly string[]>> = {
  help: ['help', '?', '帮助'],
  report: ['report', 'report incident', 'report an incident', '报告', '报障', '报告事件'],
  mine: ['my incidents', 'mine', '我的事件', '我的'],
  queue: ['queue', 'desk queue', '队列', '服务台队列'],
  web: ['web', 'web pages', '网页'],
};

export function chatCommand(text: string): ChatCommand | null {
  const words = text.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [command, list] of Object.entries(WORDS))
    if (list.includes(words)) return command as ChatCommand;
  return null;
}

export class MessageTurns {
  private readonly threadReplies: ThreadReplies;

  constructor(private readonly deps: TeamsBotDeps) {
    this.threadReplies = new ThreadReplies(deps.places, deps.service);
  }

  async message(ctx: TurnContext): Promise<void> {
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
    const who = whoOf(this.deps.config, ctx);
    const period = reportRequest(text);
    if (period !== null) return this.report(ctx, who, period);
    const command = chatCommand(text);
    if (command === 'web') return this.webLink(ctx);
    if (command === 'help') {
      // "web" is offered only where the web pages are on.
      const web = this.deps.web ? t(who.locale, 'teams.help.web') : '';
      await ctx.sendActivity(escapeMarkdown(t(who.locale, 'teams.help', { web })));
      return;
    }
    if (command === 'mine' || command === 'queue') {
      await ctx.sendActivity({ attachments: [attachment(await this.listCard(command, who))] });
      return;
    }
    const outcome = command === 'report' ? null : await this.directAnswer(ctx, who, text);
    if (outcome === 'refused') return;
    // Kept for the reporter to choose which incident it answers: the form is still offered (empty)
    // for a message meant as a new report; taken as an answer, it is not (offersReportForm).
    const answered = outcome?.kind === 'reporter_answer' ? outcome.result.incident.number : null;
    const prefill: ReportPrefill =
      command === 'report' || (outcome && outcome.kind !== 'not_ours')
        ? { title: '', description: '' }
        : reportPrefill(text);
    if (answered)
      await ctx.sendActivity(escapeMarkdown(t(who.locale, 'reply.answer_taken', { number: answered })));
    if (outcome?.kind === 'choose')
      await ctx.sendActivity({
        attachments: [attachment(answerChoiceCard(who.locale, outcome.key, outcome.choices))],
      });
    if (!offersReportForm(outcome)) return;
    await ctx.sendActivity({
      ...reportLine(who.locale),
      attachments: [attachment(reportFormCard(who.locale, prefill, 'card'))],
    });
  }

  /** A message while incidents of theirs wait on the reporter: their answer, or the choice of
   *  which incident it answers (thread-replies.ts); 'refused' when they were told why not. */
  private async directAnswer(
    ctx: TurnContext,
    who: Who,
    text: string,
  ): Promise<DirectAnswerOutcome | 'refused'> {
    if ((ctx.activity.conversation.conversationType ?? 'personal') !== 'personal')
      return { kind: 'not_ours' };
    try {
      return await this.threadReplies.directAnswer({
        platform: PLATFORM,
        actor: who.actor,
        text,
        idempotencyKey: activityKey(ctx.activity.id ?? '', who.userId, 'answer'),
      });
    } catch (err) {
      await ctx.sendActivity(escapeMarkdown(errorText(this.deps.config, this.deps.log, who.locale, err)));
      return 'refused';
    }
  }

  /** A click on the answer choice: the card becomes what became of it (errors: card-actions.ts). */
  async chooseAnswer(who: Who, d: CardData): Promise<Json> {
    if (!d.a || !d.i) throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
    const outcome = await this.threadReplies.chooseAnswer({ actor: who.actor, key: d.a, incidentId: d.i });
    const { key, params } = chosenAnswerText(outcome);
    const tone =
      outcome.kind === 'reporter_answer' ? 'good' : outcome.kind === 'choice_gone' ? 'attention' : undefined;
    return messageCard(t(who.locale, key, params), tone);
  }

  /** `web`: the person's own sign-in link, only in their personal chat with the bot (others
   *  in a channel or group chat would see it and could sign in as them). */
  private async webLink(ctx: TurnContext): Promise<void> {
    const who = whoOf(this.deps.config, ctx);
    if ((ctx.activity.conversation.conversationType ?? 'personal') !== 'personal') {
      await ctx.sendActivity(escapeMarkdown(t(who.locale, 'web.chat.personal_only')));
      return;
    }
    const { config, web } = this.deps;
    const reply = webLinkReply(web, who.actor, who.locale, config, this.deps.service.clock.now());
    const body = reply.url ? [openUrlSet(reply.label, reply.url)] : [];
    await ctx.sendActivity({ attachments: [attachment(card([textBlock(reply.text), ...body]))] });
  }

  /** The period report, to agents and incident managers (src/app/reports/chat-report.ts). */
  private async report(ctx: TurnContext, who: Who, period: string): Promise<void> {
    const { reports, config, log } = this.deps;
    try {
      const now = this.deps.service.clock.now();
      const view = await chatReport(reports, config, who.actor, who.locale, period, now);
      await ctx.sendActivity({ attachments: [attachment(reportCard(view))] });
    } catch (err) {
      await ctx.sendActivity(escapeMarkdown(errorText(config, log, who.locale, err)));
    }
  }

  async listCard(list: 'mine' | 'queue', who: Who): Promise<Json> {
    const { service } = this.deps;
    const incidents =
      list === 'queue'
        ? await service.deskQueue(who.actor)
        : await service.reportedBy(who.actor, { open: true, limit: 100 });
    if (!incidents) return messageCard(t(who.locale, 'teams.queue.forbidden'), 'attention');
    const shown = incidents.slice(0, LIMITS.listItems).map((i) => service.viewOf(i, who.actor, who.locale));
    const title = t(who.locale, list === 'queue' ? 'teams.queue.title' : 'teams.mine.title');
    return incidentListCard(who.locale, title, shown, incidents.length - shown.length);
  }

  /** A reply under one of our messages, as the application reads it (src/app/thread-replies.ts);
   *  false when the thread is not ours. The person is told what became of it. */
  private async threadReply(ctx: TurnContext, channel: string, root: string, text: string): Promise<boolean> {
    const who = whoOf(this.deps.config, ctx);
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
      await ctx.sendActivity(escapeMarkdown(errorText(this.deps.config, this.deps.log, who.locale, err)));
    }
    return true;
  }
}
