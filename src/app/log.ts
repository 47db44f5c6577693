// The process's logger. People's words (titles, descriptions, names, replies) never go into a
// log line: log ids and error codes. Errors are where they slip in unseen — a failed INSERT
// carries the row it refused: drizzle's DrizzleQueryError puts every parameter in its message
// (and `params`), PostgreSQL's `detail` reads "Failing row contains (…the whole incident…)",
// postgres.js adds `query`/`parameters`/`args` in debug mode, and a DomainError's params may
// name a person. So every error is logged through one serializer that keeps what an operator
// needs (type, SQLSTATE or error code, constraint/table/column, a stack) and drops the rest.
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type * as PinoPretty from 'pino-pretty';

/** PostgreSQL error fields that name schema objects or codes, never values. */
const SAFE_FIELDS = [
  'code',
  'errno',
  'severity',
  'routine',
  'schema_name',
  'table_name',
  'column_name',
  'constraint_name',
  'data_type_name',
  'statusCode',
  'syscall',
  'address',
  'port',
] as const;

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  cause?: SafeError;
  [field: string]: unknown;
}

/** What `codesOnly` made: passed through the serializer as it is. */
const CODES_ONLY = new WeakSet<object>();

/**
 * An error thrown while a person's request was handled, as it may be logged there: its type and
 * codes (SQLSTATE, constraint, table…) and its stack's frames, its causes' too — never its message. Any message
 * may quote what the code was handed (JSON.parse quotes its input, a tsquery error its terms,
 * PostgreSQL "invalid input syntax …: "<value>""), and the first line of a stack is the message.
 */
export function codesOnly(err: unknown): object {
  const out = withoutWords(safeError(err), err);
  CODES_ONLY.add(out);
  return out;
}

function withoutWords(safe: unknown, original: unknown): object {
  if (typeof safe !== 'object' || safe === null) return { type: typeof safe };
  const { message: _message, stack: _stack, cause, ...codes } = safe as SafeError;
  const frames = framesOf(original);
  const out = frames ? { ...codes, frames } : codes;
  if (cause === undefined) return out;
  const e = original as { cause?: unknown; original?: unknown } | null;
  return { ...out, cause: withoutWords(cause, e?.cause ?? e?.original) };
}

/**
 * Where the error came from, for the operator: the stack without its head. V8 writes the head as
 * the error's `name: message` when it is made, so the frames are what follows exactly that text;
 * a stack that does not start with it (a message changed later, a hand-made stack) gives none, and
 * so does one whose rest is not all frames — never a line of the message, however it is shaped.
 */
const FRAME = /^ {4}at \S.*(?::\d+:\d+\)?|\((?:<anonymous>|native)\))$/;
function framesOf(err: unknown): string {
  if (!(err instanceof Error) || typeof err.stack !== 'string') return '';
  const head = `${Error.prototype.toString.call(err)}\n`;
  if (!err.stack.startsWith(head)) return '';
  const frames = err.stack.slice(head.length);
  return frames.split('\n').every((line) => FRAME.test(line)) ? frames : '';
}

/** The error as it may be logged: no values a query carried, no parameters of a domain error. */
export function safeError(err: unknown, depth = 0): SafeError | unknown {
  if (typeof err === 'object' && err !== null && CODES_ONLY.has(err)) return err;
  if (!(err instanceof Error)) return typeof err === 'object' && err !== null ? { type: 'non-error' } : err;
  const e = err as Error & Record<string, unknown>;
  const message = safeMessage(e);
  // DrizzleQueryError keeps Error's name; its class says what it is.
  const type = e.name && e.name !== 'Error' ? e.name : e.constructor?.name || 'Error';
  const out: SafeError = { type, message };
  for (const field of SAFE_FIELDS) {
    const value = e[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (typeof e.stack === 'string') out.stack = safeStack(e.stack, e.message, message);
  // Bolt wraps a listener's error as `original`; drizzle puts the driver's error in `cause`.
  const inner = e.cause ?? e.original;
  if (inner !== undefined && depth < 4) out.cause = safeError(inner, depth + 1) as SafeError;
  return out;
}

function safeMessage(e: Error & Record<string, unknown>): string {
  // DrizzleQueryError: "Failed query: <sql>\nparams: <every value>".
  if ('params' in e && 'query' in e) return 'Failed query (parameters not logged)';
  // DomainError: the code is enough; its params may hold a name or a typed value.
  if (e.name === 'DomainError' && typeof e.code === 'string') return e.code;
  return e.message;
}

/** The stack without the message's values: its first line repeats the original message. */
function safeStack(stack: string, original: string, safe: string): string {
  if (original === safe) return stack;
  const at = stack.indexOf('\n    at ');
  const frames = at === -1 ? '' : stack.slice(at);
  return `${stack.slice(0, stack.indexOf(':') + 1)} ${safe}${frames}`;
}

/** Options every logger of the bot uses (tests pass a destination to read what was logged). */
export const LOGGER_OPTIONS: LoggerOptions = {
  serializers: { err: safeError, error: safeError, cause: safeError },
};

/**
 * JSON lines for log collectors; on a terminal (someone running `npm start`), the same records
 * made readable by pino-pretty — after the same serializers, so people's words stay out either way.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  // A given destination is JSON unless told otherwise (tests, collectors); stdout follows the TTY.
  terminal: boolean = destination === undefined && process.stdout.isTTY === true,
): Logger {
  const options = { ...LOGGER_OPTIONS, level };
  if (!terminal) return destination ? pino(options, destination) : pino(options);
  // pino-pretty's formatter, synchronously, line by line: no worker thread, no stream pipeline.
  // Loaded only for a terminal: a service's JSON logs start without its 40-odd modules.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const prettify = prettyFactory({
    colorize: destination === undefined,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  const out = destination ?? process.stdout;
  return pino(options, { write: (line: string) => void out.write(prettify(line)) });
}
