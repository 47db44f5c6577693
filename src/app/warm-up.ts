// Work that makes the bot fast rather than correct, done once it answers: jieba's dictionary and
// the compiled glossary (a third of a second of blocked event loop) would otherwise hold up the
// first health probe, and without it the first report would pay for it. /readyz answers 503
// 'starting' and names what is still warming, so a load balancer sends no traffic that would
// queue behind it; /healthz and /livez are not held up.
import type { Server } from 'node:http';

export interface WarmUpLog {
  warn(obj: object, msg: string): void;
}

/** Without a first request (nobody probes), the warm-up starts this long after listening. */
const UNASKED_START_MS = 5_000;

interface Part {
  work(): unknown;
  /** True once the work is done, here or by a first use that came sooner. */
  done(): boolean;
}

export class WarmUp {
  private readonly pending = new Map<string, Part>();
  private running = false;

  constructor(private readonly log: WarmUpLog) {}

  add(name: string, part: Part): void {
    this.pending.set(name, part);
  }

  /** What is still warming (GET /readyz). */
  names(): string[] {
    return [...this.pending].filter(([, part]) => !part.done()).map(([name]) => name);
  }

  /** Starts once the server has sent its first answer, or after five seconds when nobody asks. */
  startAfterFirstAnswer(server: Server): void {
    const timer = setTimeout(() => this.run(), UNASKED_START_MS);
    timer.unref();
    server.once('request', (_req, res) => res.once('finish', () => this.run()));
  }

  /** Each piece in its own turn of the event loop, so requests are served between them. */
  run(): void {
    if (this.running) return;
    this.running = true;
    const next = () => {
      const first = this.pending.entries().next();
      if (first.done) return;
      const [name, part] = first.value;
      setImmediate(() => {
        try {
          if (!part.done()) part.work();
        } catch (err) {
          this.log.warn({ err, part: name }, 'warm-up failed; it is done at first use instead');
        }
        this.pending.delete(name);
        next();
      });
    };
    next();
  }
}
