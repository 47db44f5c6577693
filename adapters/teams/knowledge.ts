// The knowledge base from Teams, for TeamsBot: clicks on the desk card (IM2.7 "search again",
// IM2.8 "didn't help"), "save as knowledge" in a dialog after IM4.1, and the entry's solution
// prefilled when "Apply" opens its form. They change the knowledge base and the audit trail,
// not the incident.
import type { TaskModuleResponse, TurnContext } from 'botbuilder';
import type { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { TriageService } from '../../src/app/triage-service.js';
import { parseDraftEdits, saveKnowledgeInputs } from '../../src/app/views/knowledge-forms.js';
import type { TriageConfig } from '../../src/core/config.js';
import { DomainError, isDomainError } from '../../src/core/errors.js';
import { checkKnowledgeAllowed } from '../../src/core/knowledge-rules.js';
import type { Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import {
  attention,
  continueDialog,
  dialogMessage,
  errorText,
  incidentOf,
  personalCard,
  type Who,
  withBanner,
} from './answers.js';
import type { Json } from './card-parts.js';
import { dialogTitle, saveKnowledgeFormCard } from './form-cards.js';
import { activityKey, type CardData, inputsOf, SAVE_KNOWLEDGE } from './ids.js';
import type { TeamsLog } from './notifier.js';
import type { CardRenderer } from './render.js';

export interface KnowledgeDeps {
  service: TriageService;
  knowledge: KnowledgeService;
  config: TriageConfig;
  renderer: CardRenderer;
  log: TeamsLog;
}

export class KnowledgeActions {
  constructor(private readonly deps: KnowledgeDeps) {}

  // ---- knowledge clicks (IM2.7 search again, IM2.8 "didn't help") ----------------------------

  /** Answered with the card as the person now sees it (new ranking, new search) and what was done. */
  async click(ctx: TurnContext, who: Who, d: CardData): Promise<Json> {
    const { renderer, service } = this.deps;
    const incident = await incidentOf(service, d.i, who, d.k);
    try {
      const done = await this.run(ctx, who, incident, d);
      return personalCard(renderer, incident, d.p, who, done ? { text: done, tone: 'good' } : undefined);
    } catch (err) {
      // A vanished incident is not the person's to fix; an unknown entry reference is.
      if (!isDomainError(err) || (err.code === 'not_found' && err.params.what === 'incident')) throw err;
      return personalCard(renderer, incident, d.p, who, attention(this.errorText(who, err)));
    }
  }

  /** Runs the click once per activity (its key is stored with its writes); the line to show, if any. */
  private async run(ctx: TurnContext, who: Who, incident: Incident, d: CardData) {
    const action = d.k;
    if (action !== 'match_not_helpful' && action !== 'search_matches')
      throw new DomainError('invalid_input', { field: 'action', reason: 'choice' });
    // Teams repeats an activity's id when it redelivers it: the use case then writes nothing.
    const id = ctx.activity.id;
    const idempotencyKey = id ? activityKey(id, who.userId, action) : undefined;
    const { knowledge } = this.deps;
    if (action === 'search_matches') {
      await knowledge.searchAgain(incident.id, who.actor, { idempotencyKey });
      return null;
    }
    const done = await knowledge.notHelpful(incident.id, d.pre?.ref ?? '', who.actor, '', { idempotencyKey });
    // A redelivery is answered as the first was: the clicker may not have seen that answer.
    return t(who.locale, 'match.not_helpful.recorded', { ref: done.entry.ref });
  }

  /** What a form opens with; "Apply" on a candidate brings the entry's whole solution to edit. */
  async presetsOf(d: CardData): Promise<Record<string, string>> {
    const presets = { ...(d.pre ?? {}) };
    if (d.c === 'apply_match' && presets.matchRef) {
      const solution = await this.deps.knowledge.solutionFor(presets.matchRef);
      if (solution) presets.solution = solution;
    }
    return presets;
  }

  // ---- "save as knowledge" (after IM4.1) -----------------------------------------------------

  /** Opened only for someone who may save; the submission is checked again by the use case. */
  async openSave(who: Who, d: CardData): Promise<TaskModuleResponse> {
    const incident = await incidentOf(this.deps.service, d.i, who, 'save_knowledge');
    checkKnowledgeAllowed(incident, who.actor, 'save_knowledge');
    return this.saveDialog(incident, who, d);
  }

  /**
   * A draft entry for review; the clicker is told its reference (the posted cards then show
   * it, re-rendered by outbox delivery).
   * Typing problems bring the form back as filled in; anything else (already saved, not
   * allowed, reopened meanwhile) is answered in their language. A redelivered submit (same
   * activity id) is answered with the entry the first one saved.
   */
  async save(
    ctx: TurnContext,
    who: Who,
    d: CardData,
    raw: Record<string, unknown>,
  ): Promise<TaskModuleResponse> {
    const values = inputsOf(SAVE_KNOWLEDGE, raw);
    let incident: Incident | null = null;
    try {
      incident = await incidentOf(this.deps.service, d.i, who, 'save_knowledge');
      const edits = parseDraftEdits(values);
      const id = ctx.activity.id;
      const idempotencyKey = id ? activityKey(id, who.userId, 'save_knowledge') : undefined;
      const entry = await this.deps.knowledge.saveAsKnowledge(incident.id, who.actor, edits, {
        idempotencyKey,
      });
      return dialogMessage(t(who.locale, 'match.saved_draft', { ref: entry.ref }));
    } catch (err) {
      if (incident && isDomainError(err) && err.code === 'invalid_input')
        return this.saveDialog(incident, who, d, values, this.errorText(who, err));
      return dialogMessage(this.errorText(who, err));
    }
  }

  private saveDialog(
    incident: Incident,
    who: Who,
    d: CardData,
    values: Record<string, string> = {},
    banner?: string,
  ): TaskModuleResponse {
    const view = this.deps.service.viewOf(incident, who.actor, who.locale);
    const ctx = { locale: who.locale, timeZone: this.deps.config.calendar.timeZone };
    const inputs = saveKnowledgeInputs(incident, who.locale);
    const form = saveKnowledgeFormCard(view, inputs, { ...d, itss: 1 }, ctx, values);
    const title = dialogTitle(view, { formTitle: t(who.locale, 'match.save_as_knowledge') });
    return continueDialog(title, banner ? withBanner(form, banner) : form);
  }

  private errorText(who: Who, err: unknown): string {
    return errorText(this.deps.config, this.deps.log, who.locale, err);
  }
}
