// A bench server in a process of its own (ours and the reference never share an event loop or a
// heap), driven over IPC: the child announces itself with `ready`, then answers each call with
// the same id. `serve` is the child's side, `spawnChild` the parent's.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Handlers = Record<string, (arg: never) => Promise<unknown> | unknown>;
interface Call {
  id: number;
  name: string;
  arg: unknown;
}
interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

export interface Child {
  ready: unknown;
  call<T>(name: string, arg?: unknown): Promise<T>;
  stop(): Promise<void>;
  /** Sends the process a signal (SIGSTOP / SIGCONT pause and resume it). */
  signal(name: NodeJS.Signals): void;
}

/** Forks bench/<file> under tsx and waits for its `ready` message. */
export function spawnChild(file: string, env: Record<string, string> = {}): Promise<Child> {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
  const child = fork(path, [], {
    // BENCH_NODE_FLAGS (space-separated): Node/V8 flags for every bench server, ours and the reference alike.
    execArgv: [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx'],
    env: { ...process.env, ...env },
    serialization: 'advanced', // request bodies by the thousand
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const err = new Error(`bench/${file} exited with ${code}`);
      reject(err);
      for (const p of pending.values()) p.reject(err);
    });
    child.on('message', (msg: Answer | { ready: unknown }) => {
      if ('ready' in msg) return resolve(handle(child, msg.ready, pending, () => ++next));
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error !== undefined) p?.reject(new Error(`bench/${file}: ${msg.error}`));
      else p?.resolve(msg.result);
    });
  });
}

function handle(
  child: ChildProcess,
  ready: unknown,
  pending: Map<number, { resolve(v: unknown): void; reject(e: Error): void }>,
  nextId: () => number,
): Child {
  return {
    ready,
    signal: (name) => {
      child.kill(name);
    },
    call: <T>(name: string, arg?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId();
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, name, arg } satisfies Call);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ id: 0, name: 'stop', arg: null } satisfies Call);
      }),
  };
}

/** The child's side: announces `ready`, answers calls, and runs `stop` then exits on `stop`. */
export function serve(ready: unknown, handlers: Handlers, stop: () => Promise<void>): void {
  process.on('message', async (msg: Call) => {
    if (msg.name === 'stop') {
      await stop().catch((err: unknown) => console.error(err));
      process.exit(0);
    }
    const fn = handlers[msg.name];
    try {
      if (!fn) throw new Error(`unknown call ${msg.name}`);
      process.send?.({ id: msg.id, result: await fn(msg.arg as never) } satisfies Answer);
    } catch (err) {
      process.send?.({ id: msg.id, error: String((err as Error).stack ?? err) } satisfies Answer);
    }
  });
  process.send?.({ ready });
}
