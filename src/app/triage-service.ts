// Use cases: one command = one transaction (incident + audit events + work log + assignment
// history + on-site tasks + outbox rows + idempotency key). Chat adapters call only this.
import { randomUUID } from 'node:crypto';
import type { Command, CommandType } from '../core/commands.js';
import type { Locale, TriageConfig } from '../core/config.js';
import type { Decision, Effect, PingTarget, TimerSpec } from '../core/decision.js';
import { safeTimerSchedule } from '../core/draft.js';
import { DomainError, isDomainError } from '../core/errors.js';
import { checkAllowed } from '../core/guards.js';
import { checkKnowledgeAllowed, KNOWLEDGE_RULES, type KnowledgeAction } from '../core/knowledge-rules.js';
import { decide } from '../core/process.js';
import { isDeskStaff, mayRead, readsOnlyAsReporter } from '../core/read-access.js';
import { RULES } from '../core/rules.js';
import { recomputeForCalendar } from '../core/steps/calendar.js';
import { checkReport, type Report, register } from '../core/steps/register.js';
import { escalationsTold, firingId, SYSTEM_ACTOR } from '../core/steps/timers.js';
import { type Actor, type Incident, OPEN_STATUSES } from '../core/types.js';
import { actingTime } from './acted-at.js';
import { type ConfigSource, sourceOf } from './config-holder.js';
import type { HistoryView } from './history/history-view.js';
import { incidentHistory } from './history/incident-history.js';
import { localeFor } from './identity.js';
import { incidentChange } from './incident-change.js';
import { type Metrics, noMetrics } from './metrics.js';
import { outboxMessages } from './outbox.js';
import { followsPings, pingAuditActions, pingFollowUpsFrom, withPingFollowUps } from './ping-followups.js';
import type { IdempotencyHit, IncidentChange, IncidentFilter, Storage, UnitOfWork } from './ports.js';
import { sortQueue } from './queue.js';
import { cardStillUsable, lastChangeOf, raceAnswer, raceError, VersionConflict } from './race.js';
import { passedEscalations } from './views/breaches.js';
import { buildIncidentView, type IncidentView } from './views/incident-view.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Where refused reads are recorded: ids only, never the incident's or the person's words. */
export interface ReadLog {
  warn(fields: Record<string, unknown>, message: string): void;
}
const silent: ReadLog = { warn: () => {} };
/** An incident's number as people say it (INC-000123), in any case, with any prefix the
 *  configuration allows (number_prefix: 2–8 letters): a number keeps the prefix it was given
 *  when the desk later changes it. */
const INCIDENT_NUMBER = /^[a-z]{2,8}-\d+$/i;

export interface CommandOptions {
  /** The version the person saw (from the card); a mismatch means someone else acted first. */
  expectedVersion?: number;
  /** Slack event id / Teams activity id / action-specific key: a redelivery changes nothing. */
  idempotencyKey?: string;
  /** The language the person reads the answer in (their chat client's, when the configuration
   *  names none for them): the result's view is built in it, so the answer need not build another. */
  locale?: Locale;
  /** When the person acted, if before now: the time their request was acknowledged (a chat
   *  platform's inbox row). The command is decided and recorded at it (acted-at.ts). */
  actedAt?: Date;
}

export interface CommandResult {
  incident: Incident;
  effects: readonly Effect[];
  /** True when this was a redelivery answered from the idempotency record. */
  replayed: boolean;
  /** The incident as the acting person now sees it, in their language. */
  view: IncidentView;
  /**
   * The knowledge base's version (MatchingPort.version) read with the incident in the command's
   * first round trip; absent when not read. The card answering the command may show matches
   * cached by it (KnowledgeService.cardMatches) instead of reading it again after the commit.
   *
   * Why that is not stale: under READ COMMITTED the load's snapshot holds every knowledge change
   * committed before the load began (so one the person waited for is in), and the card then shows
   * the knowledge base as it was at one moment of the click, as a read after the commit shows it
   * at a later moment of the same click. A change committed in between is missed by that one
   * render only: any other render reads a version of its own, and the cache never hands an older
   * version's answer to a newer reader (match-cache.ts). Only for this result's own answer.
   */
  knowledgeVersion?: number;
}

/** `timers`: the new incident's schedule, from its decision, for the view. */
type Recorded = Omit<CommandResult, 'view'> & { timers?: readonly TimerSpec[] };

export type ReportInput = Omit<Report, 'id' | 'sequence' | 'reporter'>;

/** Firings whose recipients a service keeps (TriageService.told): ~100 bytes each. */
const TOLD_KEPT = 20_000;

export class TriageService {
  /** Read once per command (config-holder.ts); a reload never splits a command. */
  readonly configs: ConfigSource;
  /**
   * Who each escalation firing told, by firingId, as read from the trail (cardView): a firing's
   * record never changes, so what was read stays true. Bounded: emptied past TOLD_KEPT firings
   * (read again when a card needs them).
   */
  private readonly told = new Map<string, readonly PingTarget[]>();

  constructor(
    readonly storage: Storage,
    config: TriageConfig | ConfigSource,
    readonly clock: Clock = systemClock,
    readonly log: ReadLog = silent,
    readonly metrics: Metrics = noMetrics,
  ) {
    this.configs = sourceOf(config);
  }

  /** The configuration now; a caller that reads it more than once keeps its own copy. */
  get config(): TriageConfig {
    return this.configs.current();
  }

  /** Counts a command by its ITSS step and outcome (ok, replayed, or the refusal's code). */
  private async counted(
    step: string,
    type: string,
    run: () => Promise<CommandResult>,
  ): Promise<CommandResult> {
    try {
      const result = await run();
      this.metrics.command(step, type, result.replayed ? 'replayed' : 'ok');
      return result;
    } catch (err) {
      this.metrics.command(step, type, err instanceof DomainError ? err.code : 'error');
      throw err;
    }
  }

  /** IM1: a report in chat registers the incident. */
  report(input: ReportInput, reporter: Actor, opts: CommandOptions = {}): Promise<CommandResult> {
    return this.counted('IM1', 'report', () => this.register(input, reporter, opts));
  }

  private async register(input: ReportInput, reporter: Actor, opts: CommandOptions): Promise<CommandResult> {
    const config = this.config;
    checkReport(input); // before the number is taken: a refused report leaves no gap
    const recorded = await this.storage.transaction(async (uow) => {
      // One statement: the key taken, then a number only for a report not seen before.
      const { hit, sequence } = await uow.nextIncidentSequenceTakingKey(opts.idempotencyKey);
      if (hit && opts.idempotencyKey) return this.replayOf(uow, hit, opts.idempotencyKey);
      // Cannot normally happen: a key that was taken before and cannot be read now.
      if (sequence === null) throw new Error('idempotency key neither fresh nor stored');
      const now = actingTime(opts.actedAt, this.clock.now());
      const report = Object.assign({}, input, {
        id: randomUUID(),
        sequence,
        reporter: { id: reporter.id, name: reporter.name },
      });
      const decision = register(report, now, config);
      // expectedVersion null: the incident is inserted by the same statement as the rest.
      return this.record(uow, decision, reporter, now, opts.idempotencyKey, null);
    });
    return this.withView(recorded, reporter, config);
  }

  /**
   * A form's answer before Slack is acknowledged: the command decided against the incident as
   * it stands, nothing written, so a field the core rejects can be shown in the still-open form.
   * Throws what execute would for that state; execute decides again (the incident may change).
   */
  async check(incidentId: string, command: Command, actor: Actor): Promise<void> {
    const incident = await this.storage.getIncident(incidentId);
    if (incident) decide(incident, command, actor, this.clock.now(), this.config);
  }

  /** Any IM2–IM5 command on an existing incident. */
  execute(
    incidentId: string,
    command: Command,
    actor: Actor,
    opts: CommandOptions = {},
  ): Promise<CommandResult> {
    const step = RULES[command.type]?.step ?? 'unknown';
    return this.counted(step, command.type, () => this.run(incidentId, command, actor, opts));
  }

  private async run(
    incidentId: string,
    command: Command,
    actor: Actor,
    opts: CommandOptions,
  ): Promise<CommandResult> {
    const config = this.config;
    const recorded =
      (await this.inOneStatement(incidentId, command, actor, opts, config)) ??
      (await this.storage
        .transaction((uow) => this.decideAndRecord(uow, incidentId, command, actor, opts, config))
        .catch((err: unknown) => this.lostAtWrite(err, incidentId, command)));
    return this.withView(recorded, actor, config, opts.locale);
  }

  /**
   * A click in one round trip (Storage.oneStatement): when this process holds the incident at
   * the version the card showed and the command reads nothing beyond it, the command is decided
   * on the held incident and written by one statement, committed before anything is answered.
   * Null whenever that cannot be done or the statement missed (the key was used before, the
   * version moved on, the held incident refuses the command): nothing was written, and the
   * locked path decides against the incident as stored and answers as it always has.
   */
  private async inOneStatement(
    incidentId: string,
    command: Command,
    actor: Actor,
    opts: CommandOptions,
    config: TriageConfig,
  ): Promise<Recorded | null> {
    const writes = this.storage.oneStatement;
    const expected = opts.expectedVersion;
    if (!writes || expected === undefined) return null;
    const held = writes.held(incidentId);
    if (!held || held.incident.version !== expected) return null;
    // Accept, decline, resolve and apply_match decide on the timer audit as of the row held
    // (HeldIncident.timerAudit): without it, they read it behind the lock.
    const timerAudit = held.timerAudit;
    if (!timerAudit && pingAuditActions(command.type)) return null;
    const incident = held.incident;
    const now = actingTime(opts.actedAt, this.clock.now(), incident);
    let decision: Decision;
    try {
      if (!mayRead(incident, actor, [])) checkAllowed(incident, actor, command.type);
      decision = decide(incident, command, actor, now, config);
    } catch (err) {
      if (isDomainError(err)) return null;
      throw err;
    }
    if (followsPings(decision)) {
      if (!timerAudit) return null;
      decision = pingFollowUpsFrom(decision, timerAudit);
    }
    const written = await writes.commit(
      this.changeOf(decision, actor, now, opts.idempotencyKey, incident.version),
      held,
    );
    return written && withKnowledgeVersion(recordedOf(decision), written.knowledgeVersion);
  }

  /** run's transaction: the command decided under the incident's row lock, then written. */
  private async decideAndRecord(
    uow: UnitOfWork,
    incidentId: string,
    command: Command,
    actor: Actor,
    opts: CommandOptions,
    config: TriageConfig,
  ): Promise<Recorded> {
    // One round trip: the key taken, then the incident locked and loaded (UnitOfWork says how);
    // the load reads the timer audit a ping follow-up needs too, behind the lock.
    const locked = await uow.lockIncidentTakingKey(
      incidentId,
      opts.idempotencyKey,
      pingAuditActions(command.type),
    );
    const { hit, incident, knowledgeVersion, audit: pingAudit } = locked;
    if (hit && opts.idempotencyKey) {
      const same = hit.incidentId === incidentId;
      const replay = await this.replayOf(uow, hit, opts.idempotencyKey, same ? incident : undefined);
      return same ? withKnowledgeVersion(replay, knowledgeVersion) : replay;
    }
    if (!incident) throw new DomainError('not_found', { what: 'incident', value: incidentId });
    // Someone with no part is refused before a stale card's answer could tell them who
    // changed the incident last (every party of a command has a part, so this only refuses).
    if (!mayRead(incident, actor, [])) checkAllowed(incident, actor, command.type);
    await this.checkVersion(uow, incident, command, actor, opts.expectedVersion);
    const now = actingTime(opts.actedAt, this.clock.now(), incident);
    const decision = await withPingFollowUps(uow, decide(incident, command, actor, now, config), pingAudit);
    const recorded = this.record(uow, decision, actor, now, opts.idempotencyKey, incident.version);
    return withKnowledgeVersion(recorded, knowledgeVersion);
  }

  /**
   * The write found another version: cannot normally happen under the row lock; if it does,
   * nothing of the command was written and its transaction is gone, so who won is read after it.
   */
  private async lostAtWrite(err: unknown, incidentId: string, command: Command): Promise<never> {
    if (!(err instanceof VersionConflict)) throw err;
    throw raceError(lastChangeOf(await this.storage.listAudit(incidentId)), command.type);
  }

  /**
   * Start-up: open incidents with provisional deadlines get them recomputed, now that the
   * configuration or the holiday data may cover their years (core/steps/calendar.ts). Each is
   * one transaction under its row lock, written like a command by the bot. Returns those changed.
   */
  async recomputeProvisionalDeadlines(): Promise<Incident[]> {
    const candidates = await this.storage.listIncidentIds({
      statuses: OPEN_STATUSES,
      deadlinesProvisional: true,
    });
    const changed: Incident[] = [];
    for (const id of candidates) {
      const recorded = await this.storage
        .transaction(async (uow) => {
          const incident = await uow.lockIncident(id);
          const now = this.clock.now();
          const decision = incident && recomputeForCalendar(incident, now, this.config);
          if (!incident || !decision) return null;
          return this.record(uow, decision, SYSTEM_ACTOR, now, undefined, incident.version);
        })
        // Changed meanwhile (not under the row lock): its next start recomputes it.
        .catch((err: unknown) => {
          if (err instanceof VersionConflict) return null;
          throw err;
        });
      if (recorded) changed.push(recorded.incident);
    }
    return changed;
  }

  /**
   * The incident, for a person who has a part in it (core/read-access.ts); every read a chat
   * adapter makes on someone's behalf (a card, a form, a dialog, "show full text") comes
   * through here. Refused: `not_yours` (with the number only), or, when the read is for giving
   * `toDo`, that action's `forbidden`; logged with ids only.
   */
  async read(incidentId: string, reader: Actor, toDo?: CommandType | KnowledgeAction): Promise<Incident> {
    const incident = await this.storage.getIncident(incidentId);
    if (!incident) throw new DomainError('not_found', { what: 'incident', value: incidentId });
    if (mayRead(incident, reader, []) || mayRead(incident, reader, await this.historyTeams(incident)))
      return incident;
    this.log.warn(
      { incidentId: incident.id, actorId: reader.id, ...(toDo ? { action: toDo } : {}) },
      'read refused: no part in the incident',
    );
    // Opening a form: the action's own "only X may …" says more, and no more about the incident
    // (the guards check the party before the state, and nobody without a part is a party).
    if (toDo) checkActionAllowed(incident, reader, toDo);
    throw new DomainError('not_yours', { number: incident.number });
  }

  /**
   * The incident a web address names (docs/web.md): its id, or its number (`INC-000001`, any
   * case and any configured prefix), as a desk says it. Read like any other read; but named by number, someone who may not
   * read it is told it does not exist (`not_found`), exactly as for a number nobody has: numbers
   * run in sequence, so `not_yours` would tell a guesser which ones exist.
   */
  async readByRef(ref: string, reader: Actor): Promise<Incident> {
    if (!INCIDENT_NUMBER.test(ref)) return this.read(ref, reader);
    const missing = new DomainError('not_found', { what: 'incident', value: ref });
    const found = await this.storage.getIncidentByNumber(ref.toUpperCase());
    if (!found) throw missing;
    try {
      return await this.read(found.id, reader);
    } catch (err) {
      throw isDomainError(err) && err.code === 'not_yours' ? missing : err;
    }
  }

  /** The incident as `viewer` sees it: fields, deadlines, and only the actions they may take. */
  async view(incidentId: string, viewer: Actor, locale?: Locale): Promise<IncidentView> {
    return this.viewOf(await this.read(incidentId, viewer), viewer, locale);
  }

  /** The incident's history (issue 13 item 1) for someone who may read it, in their language
   *  and zone; refused like any other read. */
  history(incidentId: string, viewer: Actor, locale?: Locale): Promise<HistoryView> {
    const deps = {
      read: (id: string, reader: Actor) => this.read(id, reader),
      queries: this.storage.history,
    };
    return incidentHistory({ ...deps, config: this.config }, incidentId, viewer, locale);
  }

  /** Teams the assignment history names (assigned, declined, asked for advice): loaded only
   *  when the incident itself does not already let the person in. */
  private async historyTeams(incident: Incident): Promise<string[]> {
    return (await this.storage.listAssignments(incident.id)).map((a) => a.team);
  }

  /** A view of an incident already read: no check here, so only for people it was read for
   *  (through `read`) or for the places its cards are posted in. */
  viewOf(incident: Incident, viewer: Actor, locale?: Locale): IncidentView {
    const config = this.config;
    const lang = locale ?? localeFor(config, viewer.id);
    return buildIncidentView(incident, viewer, config, lang, this.clock.now(), undefined, this.told);
  }

  /**
   * viewOf for a card or page people read: its escalation notices name who each escalation told,
   * read from the audit trail (once per firing: kept in `told`), not guessed from the incident.
   * The trail is read only when a passed escalation is not known yet — most cards have none, and
   * cost no statement. `built`: a view of this incident already built (a command's), kept when
   * nothing new was read.
   */
  async cardView(
    incident: Incident,
    viewer: Actor,
    locale?: Locale,
    built?: IncidentView,
  ): Promise<IncidentView> {
    const config = this.config;
    const now = this.clock.now();
    const timers = safeTimerSchedule(incident, config, now);
    // The reporter's view shows no escalation (breaches.ts): nothing to read for it.
    const unknown =
      !readsOnlyAsReporter(incident, viewer, []) &&
      [...passedEscalations(incident, config, now, timers).values()].some(
        (t) => !this.told.has(firingId(t.key, t.at)),
      );
    if (unknown) {
      if (this.told.size > TOLD_KEPT) this.told.clear();
      for (const [id, targets] of escalationsTold(await this.storage.listAudit(incident.id)))
        this.told.set(id, targets);
    } else if (built) return built;
    const lang = locale ?? localeFor(config, viewer.id);
    return buildIncidentView(incident, viewer, config, lang, now, timers, this.told);
  }

  /**
   * The desk's queue, for the people who work it (desk agents and incident managers): open
   * incidents by priority, then nature rank (a fault before a service request), then the nearest
   * open deadline. Null for anyone else — the queue holds incidents they have no part in.
   */
  async deskQueue(actor: Actor): Promise<Incident[] | null> {
    return isDeskStaff(actor) ? this.queue() : null;
  }

  /** The open incidents a team holds, in queue order, for its members and lead and the desk;
   *  null for anyone else. */
  async teamQueue(actor: Actor, teamId: string): Promise<Incident[] | null> {
    if (!actor.teams.includes(teamId) && !isDeskStaff(actor)) return null;
    return this.queue({ assignedTeam: teamId });
  }

  private async queue(filter: IncidentFilter = {}): Promise<Incident[]> {
    const open = await this.storage.listIncidents({ statuses: OPEN_STATUSES, limit: 500, ...filter });
    return sortQueue(open, this.config);
  }

  /** What `reporter` reported (theirs to read), newest first; `open` leaves out the finished. */
  async reportedBy(reporter: Actor, opts: { open?: boolean; limit?: number } = {}): Promise<Incident[]> {
    const mine = await this.storage.listIncidents({
      reporterId: reporter.id,
      limit: opts.limit ?? 200,
      ...(opts.open ? { statuses: OPEN_STATUSES } : {}),
    });
    return mine.sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime());
  }

  /**
   * The incident as stored, for delivery and routing only, never shown to a person as such:
   * re-rendering its own cards, or finding which command a reply in its card's thread is (the
   * command is then authorised by execute). Reads on someone's behalf go through `read`.
   */
  current(incidentId: string): Promise<Incident | null> {
    return this.storage.getIncident(incidentId);
  }

  /**
   * A click on a card rendered at `seenVersion`, before any form opens: throws what a losing
   * command would get ("already done by X" or "out of date: X did … at …"), unless the card is
   * current or only work-log notes came since (the same rule as a command's version check:
   * race.ts cardStillUsable).
   */
  async checkCardCurrent(
    incident: Incident,
    command: CommandType,
    seenVersion: number,
    actor: Actor,
  ): Promise<void> {
    if (seenVersion === incident.version) return;
    const trail = await this.storage.listAudit(incident.id);
    if (cardStillUsable(trail, seenVersion, incident.version, actor.id, command)) return;
    throw raceAnswer(trail, seenVersion, command);
  }

  /**
   * `view` is built when first read, then kept: it costs about as much Node time as the rest of
   * the command, and callers that re-render cards from the outbox never read it. The clock is
   * read here, where the eager build read it, so the view is the same whenever it is read.
   */
  private withView(
    recorded: Recorded,
    actor: Actor,
    config: TriageConfig,
    locale: Locale = localeFor(config, actor.id),
  ): CommandResult {
    const now = this.clock.now();
    const { timers, ...result } = recorded;
    const { incident } = result;
    const told = this.told;
    let view: IncidentView | undefined;
    return {
      ...result,
      get view() {
        view ??= buildIncidentView(incident, actor, config, locale, now, timers, told);
        return view;
      },
      set view(value) {
        view = value;
      },
    };
  }

  /** A redelivery's answer: the incident it changed, as it is now (`locked`: already read under
   *  its lock in this transaction). */
  private async replayOf(
    uow: UnitOfWork,
    hit: IdempotencyHit,
    key: string,
    locked?: Incident | null,
  ): Promise<Recorded> {
    const incident = locked ?? (hit.incidentId ? await uow.lockIncident(hit.incidentId) : null);
    if (!incident) throw new DomainError('not_found', { what: 'incident', value: hit.incidentId ?? key });
    return { incident, effects: [], replayed: true };
  }

  /** The loser of a race learns who won: "already done by X" for the same step, else stale. */
  private async checkVersion(
    uow: UnitOfWork,
    incident: Incident,
    command: Command,
    actor: Actor,
    expected?: number,
  ) {
    if (expected === undefined || expected === incident.version) return;
    // One read: the changes since the card's version are in the incident's recent records.
    const recent = await uow.recentChanges(incident.id);
    // One version behind by a note or by this person's own other step, or several behind by
    // notes alone (race.ts cardStillUsable): the card is still good.
    if (cardStillUsable(recent, expected, incident.version, actor.id, command.type)) return;
    throw raceAnswer(recent, expected, command.type);
  }

  /**
   * Writes the whole decision with one statement rather than one per table, sent with the COMMIT
   * (UnitOfWork.writeChangeAndCommit): round trips, not SQL, are what a command costs. Must be
   * the transaction's last step. `expectedVersion` null inserts the incident; otherwise, when
   * that version is gone, nothing is written and the transaction throws VersionConflict.
   */
  private record(
    uow: UnitOfWork,
    decision: Decision,
    actor: Actor,
    at: Date,
    key: string | undefined,
    expectedVersion: number | null,
  ): Recorded {
    uow.writeChangeAndCommit(this.changeOf(decision, actor, at, key, expectedVersion));
    return recordedOf(decision);
  }

  /** What a decision writes: the incident, its records and messages, and the key's result. */
  private changeOf(
    decision: Decision,
    actor: Actor,
    at: Date,
    key: string | undefined,
    expectedVersion: number | null,
  ): IncidentChange {
    const { incident } = decision;
    return incidentChange(decision, actor, at, {
      expectedVersion,
      outbox: outboxMessages(incident, decision.effects, at),
      idempotency: key ? { key, result: { version: incident.version } } : null,
    });
  }
}

function recordedOf(decision: Decision): Recorded {
  const recorded: Recorded = { incident: decision.incident, effects: decision.effects, replayed: false };
  if (decision.timers) recorded.timers = decision.timers;
  return recorded;
}

/** `recorded`, with the knowledge base's version its transaction read (null: unknown, left out). */
function withKnowledgeVersion(recorded: Recorded, version: number | null | undefined): Recorded {
  if (version !== null && version !== undefined) recorded.knowledgeVersion = version;
  return recorded;
}

function checkActionAllowed(incident: Incident, actor: Actor, action: CommandType | KnowledgeAction): void {
  // Names come from the wire: only known ones reach a guard.
  if (Object.hasOwn(KNOWLEDGE_RULES, action))
    checkKnowledgeAllowed(incident, actor, action as KnowledgeAction);
  else if (Object.hasOwn(RULES, action)) checkAllowed(incident, actor, action as CommandType);
}
