// Use cases of IM2.7–IM2.10 around the knowledge base: match an incident (on report and on
// demand; the result goes on its audit trail as IM2.7), apply a match (IM2.8 → IM4.1 through the
// triage service), "didn't help" (IM2.8, feeds ranking), "save as knowledge" after resolving
// (a draft for review), and publishing/retiring entries. Chat adapters call only this and
// TriageService.
import type { TriageConfig } from '../core/config.js';
import { DomainError } from '../core/errors.js';
import { partiesOf } from '../core/guards.js';
import { categoryPath } from '../core/routing.js';
import type { Actor, Incident, StepCode } from '../core/types.js';
import type {
  AuditRecord,
  KnowledgeEntry,
  KnowledgeKind,
  KnowledgePort,
  KnowledgeStatus,
  MatchCandidate,
  MatchingPort,
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

export interface DraftEdits {
  kind?: Extract<KnowledgeKind, 'article' | 'known_error'>;
  title?: string;
  symptoms?: string;
  solution?: string;
  tags?: readonly string[];
}

export class KnowledgeService {
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
    const categories = incident.category
      ? categoryPath(this.config, incident.category)
          .map((c) => c.id)
          .reverse()
      : [];
    const query = { title: incident.title, description: incident.description, category: incident.category };
    const result = await this.search(query, { limit, categories, incidentId });
    const payload = {
      noGoodMatch: result.noGoodMatch,
      candidates: result.candidates.map((c) => ({ ref: c.ref, score: c.score, confident: c.confident })),
    };
    const action = result.noGoodMatch ? 'no_good_match' : 'matches_found';
    await this.storage.transaction((uow) =>
      uow.appendAudit([this.audit(incident.id, 'IM2.7', action, actor, payload)]),
    );
    return result;
  }

  /** A free search (desk agent typing a question); nothing is recorded. */
  async search(
    query: MatchQuery,
    opts: { limit?: number; categories?: readonly string[]; incidentId?: string } = {},
  ): Promise<MatchResult> {
    const candidates = await this.matching.findMatches(query, { limit: opts.limit ?? 5, ...opts });
    return { candidates, noGoodMatch: !candidates[0]?.confident };
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
    if (!result.replayed)
      await this.matching.recordFeedback({
        ref: entry.ref,
        incidentId,
        helped: true,
        actorId: actor.id,
        at: this.clock.now(),
      });
    return result;
  }

  /** IM2.8 "didn't help": on the audit trail; the entry ranks lower, for this incident most. */
  async notHelpful(incidentId: string, ref: string, actor: Actor, reason = ''): Promise<void> {
    const incident = await this.incident(incidentId);
    this.requireDesk(incident, actor, 'match_not_helpful');
    const entry = await this.entry(ref);
    const at = this.clock.now();
    const audit = this.audit(
      incident.id,
      'IM2.8',
      'match_not_helpful',
      actor,
      { ref: entry.ref, reason },
      at,
    );
    await this.matching.recordFeedback({ ref: entry.ref, incidentId, helped: false, actorId: actor.id, at }, [
      audit,
    ]);
  }

  /** After IM4.1: the resolution becomes a draft entry for review (workaround → known error). */
  async saveAsKnowledge(incidentId: string, actor: Actor, edits: DraftEdits = {}): Promise<KnowledgeEntry> {
    const incident = await this.incident(incidentId);
    this.requireDesk(incident, actor, 'save_knowledge', ['team']);
    const resolution = incident.resolution;
    if (!resolution || resolution.code === 'not_solved')
      throw new DomainError('wrong_state', { action: 'save_knowledge', status: incident.status });
    const at = this.clock.now();
    return this.knowledge.createEntry(
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
    );
  }

  /** Review: publish a draft (it becomes a candidate) or retire an entry. Desk roles only. */
  async review(
    ref: string,
    status: Exclude<KnowledgeStatus, 'draft'>,
    actor: Actor,
  ): Promise<KnowledgeEntry> {
    if (!actor.roles.includes('agent') && !actor.roles.includes('manager'))
      throw new DomainError('forbidden', { action: 'publish_knowledge', role: 'desk' });
    await this.entry(ref);
    await this.knowledge.setStatus(ref, status, status === 'published' ? this.clock.now() : null);
    return this.entry(ref);
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

  private requireDesk(
    incident: Incident,
    actor: Actor,
    action: string,
    also: ('team' | 'desk')[] = [],
  ): void {
    const parties = partiesOf(incident, actor);
    if (!parties.has('desk') && !also.some((p) => parties.has(p)))
      throw new DomainError('forbidden', { action, role: ['desk', ...also].join('|') });
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
export function solutionText(entry: KnowledgeEntry): string {
  const link = entry.sourceUrl ? ` ${entry.sourceUrl}` : '';
  return `[${entry.ref}]${link}\n${entry.solution.trim() || entry.title}`;
}

function text(value: string, field: string, max: number, optional = false): string {
  const v = value.trim();
  if (!v && !optional) throw new DomainError('invalid_input', { field, reason: 'required' });
  if (v.length > max) throw new DomainError('invalid_input', { field, reason: 'too_long', max });
  return v;
}
