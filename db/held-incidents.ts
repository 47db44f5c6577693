// The incidents this process last committed or loaded, by id, with the row as stored: what a
// click decides on when its card's version is the one held (Storage.oneStatement), so that it
// can be written in one autocommit statement without first locking and loading the incident.
//
// A held incident is only ever a guess: the statement that writes over it is guarded by the
// version and by the row's revision (`xmin`, read with the row by the same statement, or
// returned by the write that stored it), and falls back to the locked path on any miss. The
// revision catches every write of the row by anyone, those that keep the version too (a deadline
// timer's firing, markSavedAs, in this process or another): the statement never writes over a
// row other than the very one held. Writers of this process that keep the version also call
// `invalidate` (markSavedAs), which refuses any fill from a command that was under way meanwhile:
// that only saves the miss.
//
// A copy may carry the incident's timer audit as of its revision (`timerAudit`: what accept,
// decline, resolve and apply_match read for their ping follow-ups). The revision dates it too:
// timer records are written only by firings, and a firing writes the incident row in the same
// statement (TimerService → writeChange), so a new record means a new revision and a miss. Only
// fills that know it carry it: the report's insert (none yet), a load that read it behind the
// lock and that transaction's write, and a hit decided on a copy that carried it; a firing's own
// write does not (its next accept takes the locked path and reads it again).
import type { HeldIncident } from '../src/app/ports.js';
import type { Database } from './database.js';

export type { HeldIncident };

/** Enough for the incidents being worked at once; the oldest fill is dropped first. */
const DEFAULT_LIMIT = 1_000;

export class HeldIncidents {
  private readonly byId = new Map<string, HeldIncident>();
  /** Bumped by every invalidate: a fill begun before one is refused (see `since`). */
  private generation = 0;

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  get(id: string): HeldIncident | undefined {
    return this.byId.get(id);
  }

  /** The generation now: handed back to `hold`, which refuses the fill if it moved. */
  since(): number {
    return this.generation;
  }

  /** Holds `held` unless an invalidate came after `since` (then drops the id, to be safe). */
  hold(held: HeldIncident, since: number): void {
    const id = held.incident.id;
    this.byId.delete(id);
    if (since !== this.generation) return;
    if (this.byId.size >= this.limit) {
      const oldest = this.byId.keys().next().value;
      if (oldest !== undefined) this.byId.delete(oldest);
    }
    this.byId.set(id, held);
  }

  drop(id: string): void {
    this.byId.delete(id);
  }

  /** A write of the incident outside the command path: dropped, and fills under way refused. */
  invalidate(id: string): void {
    this.generation += 1;
    this.byId.delete(id);
  }

  /**
   * Everything dropped, and fills under way refused: the connection to the server was lost, or a
   * commit's outcome is unknown. A server that lost writes on the way (a failover, a restore, a
   * crash with synchronous_commit off) may give a transaction id again: a copy held from a lost
   * write could then match a different row of the same version and revision.
   */
  clear(): void {
    this.generation += 1;
    this.byId.clear();
  }

  get size(): number {
    return this.byId.size;
  }
}

const perDatabase = new WeakMap<Database, HeldIncidents>();

/** The held incidents of one opened database (one per process and database, as a pool is). */
export function heldIncidentsOf(db: Database): HeldIncidents {
  let held = perDatabase.get(db);
  if (!held) {
    held = new HeldIncidents();
    perDatabase.set(db, held);
  }
  return held;
}
