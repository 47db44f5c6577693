// Process environment → validated settings. A bad value stops startup with the variable's name
// and what was expected, never a crash deep inside a library.
import { parseArgs } from 'node:util';
import { readWebSettings, type WebSettings } from './web-server/settings.js';

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** The command line names an option the bot does not have, a bad --role value, or a stray word: exit 2. */
export class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\nusage: npm start [-- --role=web|worker|all]`);
    this.name = 'UsageError';
  }
}

/**
 * Throws UsageError for anything but `--role=…` / `--role …` with web, worker or all (and a `--`
 * before nothing): a mistyped `--rol=web` or a bare `web` used to start role `all` without a
 * word, and `--role=wrker` exited 1 as if the environment were wrong.
 */
export function checkStartArgs(argv: readonly string[]): void {
  const { tokens } = parseArgs({
    args: [...argv],
    options: { role: { type: 'string' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'option' && token.name !== 'role')
      throw new UsageError(`unknown option ${token.rawName}`);
    // `--role=wrker` is a mistake on the command line like `--rol=web`, not in the environment.
    if (token.kind === 'option' && !ROLES.includes(token.value as ProcessRole))
      throw new UsageError(roleProblem(token.value));
    if (token.kind === 'positional') {
      const hint = ROLES.includes(token.value as ProcessRole) ? ` (did you mean --role=${token.value}?)` : '';
      throw new UsageError(`unexpected argument "${token.value}"${hint}`);
    }
  }
}

export type ProcessRole = 'web' | 'worker' | 'all';

/** Redis behind Sentinel: ioredis asks the sentinels where the master `name` is, and again after
 *  a failover (REDIS_SENTINELS, REDIS_SENTINEL_NAME, REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD, REDIS_DB). */
export interface RedisSentinelSettings {
  sentinels: { host: string; port: number }[];
  name: string;
  password: string | null;
  sentinelPassword: string | null;
  db: number;
}

/** Where the queues live: one Redis by URL, or a master found through Sentinel. */
export type RedisTarget = { url: string } | { sentinel: RedisSentinelSettings };

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  /** Set instead of redisUrl when Redis runs behind Sentinel. */
  redisSentinel?: RedisSentinelSettings | null;
  configPath: string | null;
  logLevel: string;
  role: ProcessRole;
  /** The web pages (issue 13 item 6); null when WEB_BASE_URL and friends are unset. */
  web?: WebSettings | null;
  /** From SIGTERM, how long /readyz answers 503 before the HTTP server closes (SHUTDOWN_DRAIN_MS). */
  shutdownDrainMs?: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ROLES: readonly ProcessRole[] = ['web', 'worker', 'all'];

export function readSettings(env: NodeJS.ProcessEnv, argv: readonly string[] = []): Settings {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT: expected a port number 0..65535, got "${env.PORT}"`);
  }
  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: expected postgres://user@host:port/database');
  }
  const redisUrl = nonEmpty(env.REDIS_URL);
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL: expected redis://host:port');
  const redisSentinel = sentinelFrom(env, problems);
  if (redisUrl && redisSentinel)
    problems.push('REDIS_URL and REDIS_SENTINELS: set one of them (REDIS_SENTINELS finds the master itself)');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const role = roleFrom(argv, problems);
  const web = readWebSettings(env, problems);
  const shutdownDrainMs = Number(env.SHUTDOWN_DRAIN_MS?.trim() || 0);
  if (!Number.isInteger(shutdownDrainMs) || shutdownDrainMs < 0 || shutdownDrainMs > 600_000)
    problems.push(`SHUTDOWN_DRAIN_MS: expected milliseconds 0..600000, got "${env.SHUTDOWN_DRAIN_MS}"`);
  if (problems.length > 0) throw new EnvError(problems);
  return {
    port,
    host: nonEmpty(env.HOST) ?? '0.0.0.0',
    databaseUrl,
    dataDir: nonEmpty(env.DATA_DIR) ?? './.data',
    redisUrl,
    redisSentinel,
    configPath: nonEmpty(env.ITSS_CONFIG),
    logLevel,
    role,
    web,
    shutdownDrainMs,
  };
}

/** The Redis the settings name, if any. */
export function redisTarget(settings: Pick<Settings, 'redisUrl' | 'redisSentinel'>): RedisTarget | null {
  if (settings.redisSentinel) return { sentinel: settings.redisSentinel };
  return settings.redisUrl ? { url: settings.redisUrl } : null;
}

const SENTINEL_VARS = ['REDIS_SENTINEL_NAME', 'REDIS_SENTINEL_PASSWORD', 'REDIS_PASSWORD', 'REDIS_DB'];

function sentinelFrom(env: NodeJS.ProcessEnv, problems: string[]): RedisSentinelSettings | null {
  const list = nonEmpty(env.REDIS_SENTINELS);
  if (!list) {
    const stray = SENTINEL_VARS.filter((name) => nonEmpty(env[name]));
    if (stray.length > 0) problems.push(`${stray.join(', ')}: only used with REDIS_SENTINELS`);
    return null;
  }
  const sentinels = list.split(',').map((entry) => hostPort(entry.trim(), problems));
  const name = nonEmpty(env.REDIS_SENTINEL_NAME);
  if (!name) problems.push('REDIS_SENTINEL_NAME: the master name the sentinels monitor (e.g. mymaster)');
  const db = Number(env.REDIS_DB ?? 0);
  if (!Number.isInteger(db) || db < 0 || db > 255)
    problems.push(`REDIS_DB: expected a database number 0..255, got "${env.REDIS_DB}"`);
  return {
    sentinels: sentinels.filter((s): s is { host: string; port: number } => s !== null),
    name: name ?? '',
    password: nonEmpty(env.REDIS_PASSWORD),
    sentinelPassword: nonEmpty(env.REDIS_SENTINEL_PASSWORD),
    db,
  };
}

function hostPort(entry: string, problems: string[]): { host: string; port: number } | null {
  // host:port, [ipv6]:port, or a host alone (Sentinel's port 26379).
  const m = /^(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(entry);
  const port = Number(m?.[2] ?? 26379);
  if (!m?.[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`REDIS_SENTINELS: expected host:port[,host:port…], got "${entry}"`);
    return null;
  }
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/** `--role=web|worker|all` so web and workers scale apart (default all). */
function roleFrom(argv: readonly string[], problems: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role'));
  if (!arg) return 'all';
  const value = arg.includes('=') ? arg.split('=')[1] : argv[argv.indexOf(arg) + 1];
  if (ROLES.includes(value as ProcessRole)) return value as ProcessRole;
  problems.push(roleProblem(value));
  return 'all';
}

const roleProblem = (value: string | undefined): string =>
  `--role: expected web, worker or all, got "${value ?? ''}"`;

const nonEmpty = (v: string | undefined): string | null => (v && v.trim() !== '' ? v.trim() : null);
