// Deletes outbox rows sent longer ago than OUTBOX_KEEP_DAYS, so the table (and every index build,
// backup and claim over it) stays the size of the recent past instead of growing for ever.
import type { Storage } from '../app/ports.js';
import type { Clock } from '../app/triage-service.js';

export interface RetentionOptions {
  keepMs: number;
  /** Rows read per statement (default 500). */
  pageSize?: number;
  /** Pages per round: bounds what one round costs the database (default 20). */
  pagesPerRound?: number;
}

export class OutboxRetention {
  /** Where the walk goes on next round; back to 0 once it has reached the rows still kept. */
  private afterId = 0;

  constructor(
    private readonly storage: Pick<Storage, 'pruneOutbox'>,
    private readonly clock: Clock,
    private readonly opts: RetentionOptions,
  ) {}

  /** One round; returns how many rows it deleted. */
  async round(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.opts.keepMs);
    const limit = this.opts.pageSize ?? 500;
    let deleted = 0;
    for (let i = 0; i < (this.opts.pagesPerRound ?? 20); i += 1) {
      const page = await this.storage.pruneOutbox({ before, afterId: this.afterId, limit });
      deleted += page.deleted;
      if (page.reachedKept || page.lastId === null) {
        this.afterId = 0;
        break;
      }
      this.afterId = page.lastId;
    }
    return deleted;
  }
}
