// Dialogs in Teams (`task/fetch` / `task/submit`): the forms that do not sit on the card (e.g. the
// IM2.14 decline, "save as knowledge"); a typing mistake brings the form back as filled in, with
// the reason on top.
import type { TaskModuleRequest, TaskModuleResponse, TurnContext } from 'botbuilder';
import { formFieldOf } from '../../src/app/views/forms.js';
import type { IncidentView, ViewAction } from '../../src/app/views/incident-view.js';
import type { CommandType } from '../../src/core/commands.js';
import { DomainError, isDomainError } from '../../src/core/errors.js';
import { checkAllowed } from '../../src/core/guards.js';
import type { Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import { continueDialog, dialogMessage, errorText, type Who, whoOf, withBanner } from './answers.js';
import type { TeamsBotDeps } from './bot-deps.js';
import type { CardActions } from './card-actions.js';
import { commandFormCard, dialogTitle, type FormProblem } from './form-cards.js';
import { historyCard } from './history-card.js';
import { activityKey, type CardData, readCardData, typedOf } from './ids.js';
import type { KnowledgeActions } from './knowledge.js';
import { LIMITS, truncate } from './text.js';

export class Dialogs {
  constructor(
    private readonly deps: TeamsBotDeps,
    private readonly parts: { knowledge: KnowledgeActions; cards: CardActions },
  ) {}

  async fetch(ctx: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    const who = whoOf(this.deps.config, ctx);
    const d = readCardData(request.data);
    try {
      if (d?.dlg === 'knowledge') return await this.parts.knowledge.openSave(who, d);
      if (d?.dlg === 'history') return await this.history(who, d);
      if (!d?.c || !d.i) throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
      const incident = await this.parts.cards.incidentOf(d.i, who, d.c);
      if (d.v !== undefined) await this.deps.service.checkCardCurrent(incident, d.c, d.v, who.actor);
      checkAllowed(incident, who.actor, d.c);
      const view = this.deps.service.viewOf(incident, who.actor, who.locale);
      const action = actionOf(view, d.c);
      return this.dialog(view, action, d, who, await this.parts.knowledge.presetsOf(d));
    } catch (err) {
      return dialogMessage(errorText(this.deps.config, this.deps.log, who.locale, err));
    }
  }

  async submit(ctx: TurnContext, request: TaskModuleRequest): Promise<TaskModuleResponse> {
    const who = whoOf(this.deps.config, ctx);
    const raw = (request.data ?? {}) as Record<string, unknown>;
    const d = readCardData(raw);
    if (d?.dlg === 'knowledge') return this.parts.knowledge.save(ctx, who, d, raw);
    if (d?.dlg === 'history') return this.history(who, d).catch((err: unknown) => this.refused(who, err));
    if (!d?.c || !d.i) return dialogMessage(t(who.locale, 'teams.error.generic'));
    let incident: Incident;
    try {
      incident = await this.parts.cards.incidentOf(d.i, who, d.c);
    } catch (err) {
      return dialogMessage(errorText(this.deps.config, this.deps.log, who.locale, err));
    }
    try {
      const command = this.parts.cards.parse(d.c, d.pre ?? {}, raw);
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
        return dialogMessage(errorText(this.deps.config, this.deps.log, who.locale, err));
      // A problem with what was typed: the form again, as filled in, with the reason under the
      // input it is about (src/app/views/forms.ts decides, as for cards and Slack), else on top.
      const view = this.deps.service.viewOf(incident, who.actor, who.locale);
      const action = actionOf(view, d.c);
      const why = errorText(this.deps.config, this.deps.log, who.locale, err);
      const field = formFieldOf(err, (name) => action.inputs.some((i) => i.name === name));
      if (field === null) return this.dialog(view, action, d, who, d.pre ?? {}, why, undefined, raw);
      const problem = { command: d.c, typed: typedOf(d.c, raw), field, text: why };
      return this.dialog(view, action, d, who, d.pre ?? {}, undefined, problem);
    }
  }

  /** The incident's history (a page of it), read through the read rule like every dialog. */
  private async history(who: Who, d: CardData): Promise<TaskModuleResponse> {
    if (!d.i) throw new DomainError('not_found', { what: 'incident', value: '' });
    const view = await this.deps.service.history(d.i, who.actor, who.locale);
    const title = truncate(`${t(who.locale, 'history.title')} · ${view.number}`, LIMITS.dialogTitle);
    return continueDialog(title, historyCard(view, d.f ?? 0));
  }

  private refused(who: Who, err: unknown): TaskModuleResponse {
    return dialogMessage(errorText(this.deps.config, this.deps.log, who.locale, err));
  }

  private dialog(
    view: IncidentView,
    action: ViewAction,
    d: CardData,
    who: Who,
    presets: Record<string, string>,
    banner?: string,
    problem?: FormProblem,
    raw?: Record<string, unknown>,
  ): TaskModuleResponse {
    const ctx = { locale: who.locale, timeZone: this.deps.config.calendar.timeZone };
    // Sent back without a field to point at: still as typed (an empty problem line is not shown).
    const typed =
      problem ?? (raw && d.c ? { command: d.c, typed: typedOf(d.c, raw), field: '', text: '' } : null);
    const form = commandFormCard(view, action, { ...d, itss: 1 }, ctx, presets, typed);
    return continueDialog(dialogTitle(view, action), banner ? withBanner(form, banner) : form);
  }
}

function actionOf(view: IncidentView, command: CommandType): ViewAction {
  const action = view.actions.find((a) => a.command === command);
  if (!action) throw new DomainError('wrong_state', { action: command, status: view.status });
  return action;
}
