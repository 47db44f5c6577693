// Second, private PostgreSQL clusters and Redis servers for fault tests. A fault test stops and
// restarts these — never the shared 127.0.0.1:5432 / :6379 that every other test uses. Each
// instance takes a free port, lives in its own temporary directory and is removed by `destroy()`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import postgres from 'postgres';

/** A TCP port that was free a moment ago (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The directory of the newest installed PostgreSQL's binaries (Debian layout, then PATH). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return '';
}

const isRoot = () => process.getuid?.() === 0;

/** initdb and pg_ctl refuse to run as root: run them as the `postgres` user then. */
function runPg(tool: string, args: string[]): void {
  const bin = postgresBin();
  const exe = bin ? join(bin, tool) : tool;
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'pipe' });
  else execFileSync(exe, args, { stdio: 'pipe' });
}

export interface SecondPostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:PORT/postgres` — trust auth, superuser. */
  readonly url: string;
  /** `pg_ctl stop -m immediate` by default: the crash-like outage the fault tests want. */
  stop(mode?: 'immediate' | 'fast'): void;
  start(): void;
  destroy(): void;
}

/** initdb a throwaway cluster on a free port and start it (about 2 s). */
export async function startSecondPostgres(): Promise<SecondPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'itss-pg-'));
  if (isRoot()) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  runPg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  const start = () => runPg('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  let running = true;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop(mode = 'immediate') {
      runPg('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    start() {
      start();
      running = true;
    },
    destroy() {
      if (running) {
        try {
          runPg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the cluster answers a query (after start()). */
export async function postgresAnswers(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      await sql.end({ timeout: 1 }).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SecondRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: no save, no goodbye). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A redis-server on a free port, no persistence, `noeviction` and `hz 100` as BullMQ wants;
 *  `extraArgs` (e.g. `--hz 10`) come last and so override those. */
export async function startSecondRedis(extraArgs: readonly string[] = []): Promise<SecondRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'itss-redis-'));
  let child: ReturnType<typeof spawn> | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--maxmemory-policy',
        'noeviction',
        '--hz',
        '100',
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      } finally {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Sentinel {
  readonly port: number;
  destroy(): Promise<void>;
}

/** A Redis Sentinel on a free port watching `masterPort` under `name` (quorum 1: it alone). */
export async function startSentinel(masterPort: number, name: string): Promise<Sentinel> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'itss-sentinel-'));
  // Sentinel rewrites its configuration file as it learns: it needs one of its own.
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', name)) as string[] | null;
      if (addr?.[1] === String(masterPort)) break;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis sentinel on ${port} did not start`);
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    async destroy() {
      if (child.exitCode === null)
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
