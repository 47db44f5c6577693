// Use cases: one command = one transaction (incident + audit events + work log + assignment
// history + on-site tasks + outbox rows + idempotency key). Chat adapters call only this.
import { randomUUID } from 'node:crypto';
import type { Command } from '../core/commands.js';
import type { Locale, TriageConfig } from '../core/config.js';
import type { Decision, Effect } from '../core/decision.js';
import { DomainError } from '../core/errors.js';
import { decide } from '../core/process.js';
import { RULES } from '../core/rules.js';
import { type Report, register } from '../core/steps/register.js';
import { type Actor, type Incident, OPEN_STATUSES } from '../core/types.js';
import { localeFor } from './identity.js';
import { outboxMessages } from './outbox.js';
import type { IncidentFilter, Storage, UnitOfWork } from './ports.js';
import { sortQueue } from './queue.js';
import { buildIncidentView, type IncidentView } from './view.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface CommandOptions {
  /** The version the person saw (from the card); a mismatch means someone else acted first. */
  expectedVersion?: number;
  /** Slack event id / Teams activity id / action-specific key: a redelivery changes nothing. */
  idempotencyKey?: string;
}

export interface CommandResult {
  incident: Incident;
  effects: readonly Effect[];
  /** True when this was a redelivery answered from the idempotency record. */
  replayed: boolean;
  /** The incident as the acting person now sees it, in their language. */
  view: IncidentView;
}

type Recorded = Omit<CommandResult, 'view'>;

export type ReportInput = Omit<Report, 'id' | 'sequence' | 'reporter'>;

export class TriageService {
  constructor(
    readonly storage: Storage,
    readonly config: TriageConfig,
    readonly clock: Clock = systemClock,
  ) {}

  /** IM1: a report in chat registers the incident. */
  async report(input: ReportInput, reporter: Actor, opts: CommandOptions = {}): Promise<CommandResult> {
    const recorded = await this.storage.transaction(async (uow) => {
      const replay = await this.replay(uow, opts.idempotencyKey);
      if (replay) return replay;
      const now = this.clock.now();
      const sequence = await uow.nextIncidentSequence();
      const report = {
        ...input,
        id: randomUUID(),
        sequence,
        reporter: { id: reporter.id, name: reporter.name },
      };
      const decision = register(report, now, this.config);
      await uow.insertIncident(decision.incident);
      return this.record(uow, decision, reporter, now, opts.idempotencyKey);
    });
    return this.withView(recorded, reporter);
  }

  /** Any IM2–IM5 command on an existing incident. */
  async execute(incidentId: string, command: Command, actor: Actor, opts: CommandOptions = {}) {
    const recorded = await this.storage.transaction(async (uow) => {
      const replay = await this.replay(uow, opts.idempotencyKey);
      if (replay) return replay;
      const incident = await uow.lockIncident(incidentId);
      if (!incident) throw new DomainError('not_found', { what: 'incident', value: incidentId });
      await this.checkVersion(uow, incident, command, opts.expectedVersion);
      const now = this.clock.now();
      const decision = decide(incident, command, actor, now, this.config);
      // Cannot normally fail under the row lock; if it does, nothing of this command is kept.
      if (!(await uow.updateIncident(decision.incident, incident.version))) {
        await this.raceLost(uow, incident, command);
      }
      return this.record(uow, decision, actor, now, opts.idempotencyKey);
    });
    return this.withView(recorded, actor);
  }

  /** The incident as `viewer` sees it: fields, deadlines, and only the actions they may take. */
  async view(incidentId: string, viewer: Actor, locale?: Locale): Promise<IncidentView> {
    const incident = await this.storage.getIncident(incidentId);
    if (!incident) throw new DomainError('not_found', { what: 'incident', value: incidentId });
    return this.viewOf(incident, viewer, locale);
  }

  viewOf(incident: Incident, viewer: Actor, locale?: Locale): IncidentView {
    const lang = locale ?? localeFor(this.config, viewer.id);
    return buildIncidentView(incident, viewer, this.config, lang, this.clock.now());
  }

  /**
   * The desk's queue: open incidents by priority, then nature rank (a fault before a service
   * request), then the nearest open deadline.
   */
  async queue(filter: IncidentFilter = {}): Promise<Incident[]> {
    const open = await this.storage.listIncidents({ statuses: OPEN_STATUSES, limit: 500, ...filter });
    return sortQueue(open, this.config);
  }

  private withView(recorded: Recorded, actor: Actor): CommandResult {
    return { ...recorded, view: this.viewOf(recorded.incident, actor) };
  }

  private async replay(uow: UnitOfWork, key: string | undefined): Promise<Recorded | null> {
    if (!key) return null;
    const hit = await uow.findIdempotencyKey(key);
    if (!hit) return null;
    const incident = hit.incidentId ? await uow.lockIncident(hit.incidentId) : null;
    if (!incident) throw new DomainError('not_found', { what: 'incident', value: hit.incidentId ?? key });
    return { incident, effects: [], replayed: true };
  }

  /** The loser of a race learns who won: "already done by X" for the same step, else stale. */
  private async checkVersion(uow: UnitOfWork, incident: Incident, command: Command, expected?: number) {
    if (expected === undefined || expected === incident.version) return;
    await this.raceLost(uow, incident, command);
  }

  private async raceLost(uow: UnitOfWork, incident: Incident, command: Command): Promise<never> {
    const change = await uow.lastChange(incident.id);
    const first = change[0];
    const params = {
      by: first?.actorName ?? '?',
      action: first?.action ?? command.type,
      at: first?.at.toISOString() ?? '',
    };
    if (change.some((r) => r.step === RULES[command.type].step))
      throw new DomainError('already_done', params);
    throw new DomainError('stale_version', params);
  }

  private async record(
    uow: UnitOfWork,
    decision: Decision,
    actor: Actor,
    at: Date,
    key?: string,
  ): Promise<Recorded> {
    const { incident } = decision;
    const who = { incidentId: incident.id, actorId: actor.id, actorName: actor.name, at };
    await uow.saveOnsiteTasks(incident.id, decision.onsiteChanged);
    await uow.appendAudit(decision.events.map((e) => ({ ...who, ...e })));
    await uow.appendWorklog(
      decision.worklog.map((w) => ({
        incidentId: incident.id,
        authorId: actor.id,
        authorName: actor.name,
        at,
        ...w,
      })),
    );
    await uow.appendAssignments(decision.assignments.map((a) => ({ ...who, ...a })));
    await uow.enqueueOutbox(outboxMessages(incident, decision.effects, at));
    if (key) await uow.saveIdempotencyKey(key, incident.id, { version: incident.version });
    return { incident, effects: decision.effects, replayed: false };
  }
}
