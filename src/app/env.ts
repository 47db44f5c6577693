// Process environment → validated settings. A bad value stops startup with the variable's name
// and what was expected, never a crash deep inside a library.
import { readWebSettings, type WebSettings } from './web-server/settings.js';

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export type ProcessRole = 'web' | 'worker' | 'all';

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  configPath: string | null;
  logLevel: string;
  role: ProcessRole;
  /** The web pages (issue 13 item 6); null when WEB_BASE_URL and friends are unset. */
  web?: WebSettings | null;
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
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}`);
  const role = roleFrom(argv, problems);
  const web = readWebSettings(env, problems);
  if (problems.length > 0) throw new EnvError(problems);
  return {
    port,
    host: nonEmpty(env.HOST) ?? '0.0.0.0',
    databaseUrl,
    dataDir: nonEmpty(env.DATA_DIR) ?? './.data',
    redisUrl,
    configPath: nonEmpty(env.ITSS_CONFIG),
    logLevel,
    role,
    web,
  };
}

/** `--role=web|worker|all` so web and workers scale apart (default all). */
function roleFrom(argv: readonly string[], problems: string[]): ProcessRole {
  const arg = argv.find((a) => a.startsWith('--role'));
  if (!arg) return 'all';
  const value = arg.includes('=') ? arg.split('=')[1] : argv[argv.indexOf(arg) + 1];
  if (ROLES.includes(value as ProcessRole)) return value as ProcessRole;
  problems.push(`--role: expected web, worker or all, got "${value ?? ''}"`);
  return 'all';
}

const nonEmpty = (v: string | undefined): string | null => (v && v.trim() !== '' ? v.trim() : null);
