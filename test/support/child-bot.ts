// The bot as a child process (`node --import tsx src/main/main.ts`), for fault tests that kill it
// with SIGKILL: its own database on the shared PostgreSQL server (created and dropped here), its
// own port, the environment the test gives. Its log is kept so a failure can show it, and so a
// test can wait for a line of it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { testDatabaseUrl } from './databases.js';
import { freePort } from './second-services.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A fresh database on the shared server (the bot migrates it at start-up). */
export async function createTestDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

export class ChildBot {
  log = '';
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** The exit code once the process has ended (null: killed by a signal, or still running). */
  exitCode: number | null = null;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    /** Command-line arguments after main.ts, e.g. `--role=web`. */
    private readonly args: readonly string[] = [],
  ) {}

  static async create(env: Record<string, string>, args: readonly string[] = []): Promise<ChildBot> {
    return new ChildBot(await freePort(), env, args);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and waits until /healthz answers 200 (or the status `up` accepts: 503
   *  while Redis is down). */
  async start(timeoutMs = 60_000, up: (status: number) => boolean = (s) => s === 200): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/main.ts', ...this.args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`the bot exited at start-up:\n${this.log}`);
      const ok = await fetch(`${this.base}/healthz`).then(
        (r) => up(r.status),
        () => false,
      );
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`the bot did not become healthy in ${timeoutMs} ms:\n${this.log}`);
  }

  /** Sends a signal (SIGHUP: reload the configuration) without waiting for anything. */
  signal(name: NodeJS.Signals): void {
    if (!this.child) throw new Error('the bot is not running');
    this.child.kill(name);
  }

  /** Polls the kept log until it holds `text` (a log line the test waits for). */
  logged(text: string, timeoutMs = 15_000): Promise<boolean> {
    return waitFor(async () => this.log.includes(text), timeoutMs);
  }

  /** Resolves once the process has ended (after a signal such as SIGTERM). */
  async ended(): Promise<void> {
    await this.exited;
    this.child = null;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true; false when `timeoutMs` ran out. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
}
