// Use cases of IM2.7–IM2.10 around the knowledge base: match an incident (on report and on
// demand; the result goes on its audit trail as IM2.7), apply a match (IM2.8 → IM4.1 through the
// triage service), "didn't help" (IM2.8, feeds ranking), "save as knowledge" after resolving
// (a draft for review), and publishing/retiring entries. Chat adapters call only this and
// TriageService.
import type { Command } from '../core/commands.js';
import type { TriageConfig } from '../core/config.js';
import { DomainError } from '../core/errors.js';
import { checkKnowledgeAllowed } from '../core/knowledge-rules.js';
import { isDeskStaff } from '../core/read-access.js';
import { categoryPath } from '../core/routing.js';
import { SYSTEM_ACTOR } from '../core/steps/timers.js';
import type { Actor, Incident, StepCode } from '../core/types.js';
import { MatchCache } from './match-cache.js';
import { refreshMessage } from './outbox.js';
import type {
  AuditRecord,
  KnowledgeEntry,
  KnowledgeKind,
  KnowledgePort,
  KnowledgeStatus,
  MatchCandidate,
  MatchingPort,
  MatchOptions,
  MatchQuery,
  Storage,
} from './ports.js';
import type { Clock, CommandOptions, CommandResult, TriageService } from './triage-service.js';

export interface MatchResult {
  candidates: MatchCandidate[];
  /** IM2.8: nothing reaches the threshold; the card says "no good match" instead of a weak answer. */
  noGoodMatch: boolean;
}

export interface ApplyOptions extends CommandOptions {
  /** Default: workaround for known errors and problems, solved otherwise. */
  code?: 'solved' | 'workaround';
  /** Default: the entry's solution with its reference and link. */
  solution?: string;
}

/** A knowledge click as delivered: the platform's own id for it makes a redelivery a no-op. */
export interface ClickOptions {
  /** Slack action/inbox key, Teams activity id: stored in idempotency_keys with the click's writes. */
  idempotencyKey?: string;
}

/** What a click did; `replayed`: the key was used before, nothing was written this time. */
export type KnowledgeClick<T> = T & { replayed: boolean };

export interface DraftEdits {
  kind?: Extract<KnowledgeKind, 'article' | 'known_error'>;
  title?: string;
  symptoms?: string;
  solution?: string;
  tags?: readonly string[];
}

export class KnowledgeService {
  /** Card matches per knowledge-base version, for this process. */
  private readonly cards = new MatchCache();

  constructor(
    readonly triage: TriageService,
    readonly matching: MatchingPort,
    readonly knowledge: KnowledgePort,
  ) {}

  private get storage(): Storage {
    return this.triage.storage;
  }
  private get config(): TriageConfig {
    return this.triage.config;
  }
  private get clock(): Clock {
    return this.triage.clock;
  }

  /** IM2.7 for an incident: top 5 with scores and matched words, recorded on its audit trail. */
  async matchIncident(incidentId: string, actor: Actor, limit = 5): Promise<MatchResult> {
    const incident = await this.incident(incidentId);
    const result = await this.cardMatches(incident, limit);
    await this.storage.transaction((uow) => uow.appendAudit([this.matchAudit(incident, actor, result)]));
    return result;
  }

  /**
   * What a card shows for an incident: the same search, not recorded. Cards re-render often,
   * so the result is kept per knowledge-base version (match-cache.ts); the key holds all the
   * search depends on besides the knowledge base: the text, the category path, the incident
   * (its own "didn't help"s, its own entry left out) and the limit. `knowledgeVersion`: the one
   * a command read with `incident` (CommandResult.knowledgeVersion), for the card answering it;
   * without it the version is read here.
   */
  async cardMatches(incident: Incident, limit = 5, knowledgeVersion?: number): Promise<MatchResult> {
    const categories = incident.category
      ? categoryPath(this.config, incident.category)
          .map((c) => c.id)
          .reverse()
      : [];
    const query = { title: incident.title, description: incident.description, category: incident.category };
    const key = [incident.id, limit, categories.join(','), query.title, query.description].join('\u0000');
    const version = knowledgeVersion ?? (await this.matching.version());
    return this.cards.get(version, key, () =>
      this.search(query, { limit, categories, incidentId: incident.id, knowledgeVersion: version }),
    );
  }

  /**
   * IM2.7 when an incident reaches it: called on each refresh of its cards, records what the
   * desk is shown once per incident version (under the incident's row lock, so two processes
   * refreshing at once record it once). Nothing to do outside the matching step.
   * `knowledgeVersion`: read with `incident`, as the cards about to be rendered get it.
   */
  async recordMatchesOnce(incident: Incident, knowledgeVersion?: number): Promise<void> {
    if (incident.status !== 'matching') return;
    const result = await this.cardMatches(incident, undefined, knowledgeVersion);
    await this.storage.transaction(async (uow) => {
      await uow.lockIncidents([incident.id]);
      const done = await uow.listAudit([incident.id], MATCH_ACTIONS);
      if (done.some((r) => r.payload.version === incident.version)) return;
      await uow.appendAudit([this.matchAudit(incident, SYSTEM_ACTOR, result)]);
    });
  }

  /** IM2.7 on demand ("Search again" on the desk card): recorded, and every card re-rendered. */
  async searchAgain(
    incidentId: string,
    actor: Actor,
    opts: ClickOptions = {},
  ): Promise<KnowledgeClick<MatchResult>> {
    const incident = await this.incident(incidentId);
    checkKnowledgeAllowed(incident, actor, 'search_matches');
    const result = await this.cardMatches(incident);
    const at = this.clock.now();
    const key = opts.idempotencyKey;
    const replayed = await this.storage.transaction(async (uow) => {
      // The key is taken in this transaction: a redelivery waits for it, then finds it used.
      if (key && (await uow.findIdempotencyKey(key))) return true;
      await uow.appendAudit([this.matchAudit(incident, actor, result, at)]);
      await uow.enqueueOutbox([refreshMessage(incident, 'search_matches', at)]);
      if (key) await uow.saveIdempotencyKey(key, incident.id, {});
      return false;
    });
    return { ...result, replayed };
  }

  /** A free search (desk agent typing a question); nothing is recorded. */
  async search(query: MatchQuery, opts: MatchOptions = {}): Promise<MatchResult> {
    const candidates = await this.matching.findMatches(query, { limit: opts.limit ?? 5, ...opts });
    return { candidates, noGoodMatch: !candidates[0]?.confident };
  }

  /**
   * A command as a chat surface runs it: TriageService.execute, except that IM2.8 "apply" goes
   * through applyMatch, so a typed-in reference must exist and the entry counts as helped.
   */
  runFromChat(
    incidentId: string,
    command: Command,
    actor: Actor,
    opts: CommandOptions = {},
  ): Promise<CommandResult> {
    if (command.type !== 'apply_match') return this.triage.execute(incidentId, command, actor, opts);
    const { matchRef, solution, code } = command;
    return this.applyMatch(incidentId, matchRef, actor, { ...opts, solution, code });
  }

  /** IM2.8 yes → IM4.1: resolves with the entry's solution and a link to it; counts as "helped". */
  async applyMatch(
    incidentId: string,
    ref: string,
    actor: Actor,
    opts: ApplyOptions = {},
  ): Promise<CommandResult> {
    const entry = await this.entry(ref);
    const code =
      opts.code ?? (entry.kind === 'known_error' || entry.kind === 'problem' ? 'workaround' : 'solved');
    const solution = opts.solution?.trim() || solutionText(entry);
    const { code: _c, solution: _s, ...commandOptions } = opts;
    const result = await this.triage.execute(
      incidentId,
      { type: 'apply_match', matchRef: entry.ref, solution, code },
      actor,
      commandOptions,
    );
    await this.applied(result, actor);
    // "Helped" changed the knowledge base after the command read its version. (delete, not a
    // spread: the result's view is built only when first read.)
    delete result.knowledgeVersion;
    return result;
  }

  /**
   * IM2.8 yes, however the apply_match command was run (this service, a Slack modal, a Teams
   * dialog): the entry helped and ranks higher. A redelivered command counts once.
   */
  private async applied(result: CommandResult, actor: Actor): Promise<void> {
    const ref = result.incident.resolution?.matchRef;
    if (result.replayed || !ref) return;
    const at = this.clock.now();
    const feedback = { ref, incidentId: result.incident.id, helped: true, actorId: actor.id, at };
    try {
      await this.matching.recordFeedback(feedback);
    } catch (err) {
      // The incident is resolved and committed: the person must hear that, not "nothing was
      // changed". Only the entry's ranking misses one "helped" (ids and error code logged).
      this.triage.log.warn(
        { incidentId: feedback.incidentId, ref, error: errorCode(err) },
        'apply_match: resolved, but the "helped" feedback was not recorded',
      );
    }
  }

  /** The text "apply" resolves with (entry reference, link, steps), to prefill the form. */
  async solutionFor(ref: string): Promise<string | null> {
    const entry = await this.knowledge.getEntry(ref);
    return entry ? solutionText(entry) : null;
  }

  /** IM2.8 "didn't help": on the audit trail; the entry ranks lower, for this incident most. */
  async notHelpful(
    incidentId: string,
    ref: string,
    actor: Actor,
    reason = '',
    opts: ClickOptions = {},
  ): Promise<KnowledgeClick<{ entry: KnowledgeEntry }>> {
    const incident = await this.incident(incidentId);
    checkKnowledgeAllowed(incident, actor, 'match_not_helpful');
    const entry = await this.entry(ref);
    const at = this.clock.now();
    const audit = this.audit(
      incident.id,
      'IM2.8',
      'match_not_helpful',
      actor,
      { ref: entry.ref, reason: text(reason, 'reason', 2000, true), version: incident.version },
      at,
    );
    const feedback = { ref: entry.ref, incidentId, helped: false, actorId: actor.id, at };
    const recorded = await this.matching.recordFeedback(feedback, [audit], opts.idempotencyKey);
    if (!recorded) return { entry, replayed: true };
    await this.refreshCards(incident, `not_helpful.${entry.ref}`, at);
    return { entry, replayed: false };
  }

  /** After IM4.1: the resolution becomes a draft entry for review (workaround → known error). */
  async saveAsKnowledge(
    incidentId: string,
    actor: Actor,
    edits: DraftEdits = {},
    opts: ClickOptions = {},
  ): Promise<KnowledgeEntry> {
    const incident = await this.incident(incidentId);
    checkKnowledgeAllowed(incident, actor, 'save_knowledge');
    const resolution = incident.resolution;
    if (!resolution)
      throw new DomainError('wrong_state', { action: 'save_knowledge', status: incident.status });
    const at = this.clock.now();
    const saved = await this.knowledge.createEntry(
      {
        kind: edits.kind ?? (resolution.code === 'workaround' ? 'known_error' : 'article'),
        title: text(edits.title ?? incident.title, 'title', 300),
        symptoms: text(edits.symptoms ?? incident.description, 'symptoms', 10_000, true),
        solution: text(edits.solution ?? resolution.solution, 'solution', 10_000),
        category: incident.category,
        tags: [...(edits.tags ?? [])],
        sourceUrl: null,
        status: 'draft',
        lastVerifiedAt: resolution.at,
        originIncidentId: incident.id,
        createdBy: actor.id,
      },
      (entry) => [this.audit(incident.id, 'IM4.1', 'saved_as_knowledge', actor, { ref: entry.ref }, at)],
      // A redelivered submit gets the entry its first delivery saved, not "already saved".
      opts.idempotencyKey,
    );
    await this.refreshCards(incident, `saved.${saved.ref}`, at);
    return saved;
  }

  /**
   * Review: publish a draft (it becomes a candidate) or retire an entry. Desk roles only. An
   * entry saved from an incident has the decision recorded on that incident's trail.
   */
  async review(
    ref: string,
    status: Exclude<KnowledgeStatus, 'draft'>,
    actor: Actor,
  ): Promise<KnowledgeEntry> {
    if (!isDeskStaff(actor))
      throw new DomainError('forbidden', { action: 'publish_knowledge', role: 'desk' });
    const entry = await this.entry(ref);
    const now = this.clock.now();
    const action = status === 'published' ? 'knowledge_published' : 'knowledge_retired';
    const audit = entry.originIncidentId
      ? [
          this.audit(
            entry.originIncidentId,
            'IM4.1',
            action,
            actor,
            { ref: entry.ref, from: entry.status },
            now,
          ),
        ]
      : [];
    await this.knowledge.setStatus(ref, status, status === 'published' ? now : null, audit);
    const origin = entry.originIncidentId ? await this.storage.getIncident(entry.originIncidentId) : null;
    if (origin) await this.refreshCards(origin, `${action}.${entry.ref}`, now);
    return this.entry(ref);
  }

  /** Entries by status, newest first (drafts waiting for review). */
  listEntries(status?: KnowledgeStatus, limit?: number): Promise<KnowledgeEntry[]> {
    return this.knowledge.listEntries({ ...(status ? { status } : {}), ...(limit ? { limit } : {}) });
  }

  /** Resolved incidents become `incident` candidates; run it after resolutions or periodically. */
  indexResolvedIncidents(limit?: number) {
    return this.knowledge.syncResolvedIncidents(limit);
  }

  private async incident(id: string): Promise<Incident> {
    const incident = await this.storage.getIncident(id);
    if (!incident) throw new DomainError('not_found', { what: 'incident', value: id });
    return incident;
  }

  private async entry(ref: string): Promise<KnowledgeEntry> {
    const entry = await this.knowledge.getEntry(ref);
    if (!entry) throw new DomainError('not_found', { what: 'knowledge_entry', value: ref });
    return entry;
  }

  /** Cards show what changed beside the incident. A lost refresh only leaves a card behind. */
  private async refreshCards(incident: Incident, reason: string, at: Date): Promise<void> {
    await this.storage.transaction((uow) => uow.enqueueOutbox([refreshMessage(incident, reason, at)]));
  }

  private matchAudit(
    incident: Incident,
    actor: Actor,
    result: MatchResult,
    at: Date = this.clock.now(),
  ): Omit<AuditRecord, 'id'> {
    const payload = {
      version: incident.version,
      noGoodMatch: result.noGoodMatch,
      candidates: result.candidates.map((c) => ({ ref: c.ref, score: c.score, confident: c.confident })),
    };
    const action = result.noGoodMatch ? 'no_good_match' : 'matches_found';
    return this.audit(incident.id, 'IM2.7', action, actor, payload, at);
  }

  private audit(
    incidentId: string,
    step: StepCode,
    action: string,
    actor: Actor,
    payload: Record<string, unknown>,
    at: Date = this.clock.now(),
  ): Omit<AuditRecord, 'id'> {
    return { incidentId, step, action, actorId: actor.id, actorName: actor.name, at, payload };
  }
}

/** What IM4.1 records when an entry is applied: where it came from, then the steps. */
/** The IM2.7 result records (see AUDIT_ONLY_ACTIONS in race.ts). */
const MATCH_ACTIONS = ['matches_found', 'no_good_match'] as const;

export function solutionText(entry: KnowledgeEntry): string {
  const link = entry.sourceUrl ? ` ${entry.sourceUrl}` : '';
  return `[${entry.ref}]${link}\n${entry.solution.trim() || entry.title}`;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
}

function text(value: string, field: string, max: number, optional = false): string {
  const v = value.trim();
  if (!v && !optional) throw new DomainError('invalid_input', { field, reason: 'required' });
  if (v.length > max) throw new DomainError('invalid_input', { field, reason: 'too_long', max });
  return v;
}
