// Raw SQL results differ by driver: postgres-js returns an array of rows, PGlite `{ rows }`.
import { type Column, DrizzleQueryError, entityKind, getTableColumns, is, type SQL } from 'drizzle-orm';
import {
  PgBigSerial53,
  PgBoolean,
  PgDoublePrecision,
  PgInteger,
  PgJsonb,
  PgSmallInt,
  type PgTable,
  PgText,
  PgTimestamp,
} from 'drizzle-orm/pg-core';
import type { Orm } from './connect.js';

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

export async function queryRows<T>(orm: Orm, query: SQL): Promise<T[]> {
  return rowsOf<T>(await orm.execute(query));
}

/**
 * A fixed statement for the per-command hot path, run as a *named* prepared statement.
 * `orm.execute(sql…)` rebuilds the text through drizzle's SQL builder on every call, and on
 * postgres-js it runs unnamed, which for a statement with parameters costs two round trips
 * (Parse/Describe, wait, then Bind/Execute) and a fresh parse and plan on the server. Named,
 * postgres-js describes it once per connection and afterwards sends only Bind/Execute.
 * `text` must be a constant (postgres-js keeps one prepared statement per distinct text and
 * connection); `name` only marks the query as prepared: postgres-js names it itself, PGlite
 * ignores it. Driver errors arrive wrapped as drizzle wraps them (DrizzleQueryError, cause =
 * database error), whichever way the statement went.
 *
 * On postgres-js the statement goes to the driver directly: drizzle's `execute` copies the
 * parameters and runs three more async layers per statement (a no-op cache and tracer), 4–8 µs of
 * CPU per statement, 4–5 statements per click (docs/teams-speed.md). Drizzle's prepared query is
 * not made there either (3.5 KB per click, only ever read by tests): tests see the statements
 * through `watchStatements`.
 */
export async function preparedRows<T>(orm: Orm, name: string, text: string, params: unknown[]): Promise<T[]> {
  if (watchers.size > 0) for (const watch of watchers) watch({ name, text, params });
  const session = orm._.session;
  const client = (session as unknown as { client?: PostgresClient }).client;
  if (client && driverOf(session) === 'postgres-js') {
    try {
      return (await client.unsafe(text, params, { prepare: true })) as T[];
    } catch (e) {
      throw new DrizzleQueryError(text, params, e as Error);
    }
  }
  return rowsOf<T>(await session.prepareQuery({ sql: text, params }, undefined, name, false).execute());
}

/** A statement preparedRows is about to run. */
export interface WatchedStatement {
  name: string;
  text: string;
  params: readonly unknown[];
}

const watchers = new Set<(statement: WatchedStatement) => void>();

/**
 * For tests: `watch` is told every statement preparedRows runs from now on, on either driver, in
 * any session or transaction, before it is sent; the returned function stops it. Production sets
 * none, so the hot path pays one size check. (test/support/statements.ts adds the statements
 * drizzle builds itself.)
 */
export function watchStatements(watch: (statement: WatchedStatement) => void): () => void {
  watchers.add(watch);
  return () => {
    watchers.delete(watch);
  };
}

interface PostgresClient {
  unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
}

/** drizzle's PostgresJsSession, by its entity kind (importing the class would load postgres-js
 *  where only PGlite is used: connect.ts loads the driver it needs on demand). */
function driverOf(session: object): string {
  const kind = (session.constructor as { [entityKind]?: string })[entityKind];
  return kind === 'PostgresJsSession' ? 'postgres-js' : 'other';
}

// ---- rows as JSON ------------------------------------------------------------------------
// The hot path moves whole rows as one JSON document per table: `to_json(row)` on the way out,
// `jsonb_populate_record(set)(NULL::table, $n)` on the way in. The statement text then stays
// the same whatever the number of rows (so it stays prepared), and a command's writes fit in
// one statement. The codecs below are derived from the drizzle schema, so the column names and
// types have one source; a column kind they do not know fails at import, not at run time.

type Kind = 'timestamp' | 'text' | 'plain';

/** How a drizzle column travels in JSON. Timestamps are ISO strings; text needs well-formed UTF-16. */
function kindOf(column: Column): Kind {
  if (is(column, PgTimestamp)) return 'timestamp';
  if (is(column, PgText)) return 'text';
  // JSON carries these natively (numbers, booleans, JSON values; bigserial in 'number' mode).
  const native = [PgJsonb, PgBoolean, PgSmallInt, PgInteger, PgDoublePrecision];
  if (native.some((type) => is(column, type))) return 'plain';
  if (is(column, PgBigSerial53)) return 'plain';
  throw new Error(`sql-rows: no JSON codec for ${column.name} (${column.columnType}); add one`);
}

interface Field {
  key: string;
  name: string;
  kind: Kind;
}

function fieldsOf(table: PgTable, omit: readonly string[] = []): Field[] {
  return Object.entries(getTableColumns(table))
    .filter(([key]) => !omit.includes(key))
    .map(([key, column]) => ({ key, name: column.name, kind: kindOf(column) }));
}

/** An object with these keys, all null, in fast mode (JSON.parse makes one): rows copied from
 *  it and filled in place keep its shape (jsonRowWriter says why that matters). */
const fastTemplate = (keys: readonly string[]): Record<string, unknown> =>
  JSON.parse(JSON.stringify(Object.fromEntries(keys.map((k) => [k, null]))));

/** Reads a `to_json(row)` object (column names, ISO timestamps) into drizzle's row shape. */
export function jsonRowReader<Row>(table: PgTable): (json: Record<string, unknown>) => Row {
  const fields = fieldsOf(table);
  const template = fastTemplate(fields.map((f) => f.key));
  return (json) => {
    const row: Record<string, unknown> = { ...template };
    for (const f of fields) {
      const value = json[f.name] ?? null;
      row[f.key] = f.kind === 'timestamp' && value !== null ? new Date(value as string) : value;
    }
    return row as Row;
  };
}

export interface JsonRowWriter<Values> {
  /** Quoted column names, in the order `encode` fills them: for INSERT … (columns). */
  readonly columns: readonly string[];
  /** The same names prefixed with `alias.`: for INSERT … SELECT r."a", r."b" … */
  select(alias: string): string;
  /** One row as a JSON-ready object keyed by column name. */
  encode(values: Values): Record<string, unknown>;
  /**
   * Only the columns whose value differs from `stored`, a `to_json` row of the same table (as a
   * load read it), for `jsonb_populate_record(<that row>, …)`, which keeps the stored value of
   * every column left out. A jsonb column is always put in (its stored key order may differ).
   */
  encodeChanged(values: Values, stored: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Writes drizzle-shaped values (camelCase keys, Dates) as a row for jsonb_populate_record.
 * Every column not in `omit` must have a value: a missing one would silently become NULL
 * (drizzle would have used the column default), so it throws instead.
 */
export function jsonRowWriter<Values extends object>(
  table: PgTable,
  omit: readonly string[] = [],
): JsonRowWriter<Values> {
  const fields = fieldsOf(table, omit);
  const columns = fields.map((f) => `"${f.name}"`);
  // Every row starts as a copy of this, with all its keys, and is filled in place: built key by
  // key instead, a row of more than a dozen columns (the incident has 43) turned into a
  // dictionary, slower to fill and to JSON.stringify (encoding the incident row 7.4 -> 5.1 µs,
  // a command's whole write 48 -> 35 µs, in isolation).
  const template = fastTemplate(fields.map((f) => f.name));
  return {
    columns,
    select: (alias) => columns.map((c) => `${alias}.${c}`).join(', '),
    encode(values) {
      const source = values as Record<string, unknown>;
      const out: Record<string, unknown> = { ...template };
      for (const f of fields) out[f.name] = encodeValue(f, source[f.key]);
      return out;
    },
    encodeChanged(values, stored) {
      const source = values as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of fields) {
        const value = source[f.key];
        if (!sameAsStored(f, value, stored[f.name])) out[f.name] = encodeValue(f, value);
      }
      return out;
    },
  };
}

function encodeValue(f: Field, value: unknown): unknown {
  if (value === undefined) throw new Error(`sql-rows: no value for column ${f.name}`);
  if (value === null) return null;
  if (f.kind === 'timestamp') return (value as Date).toISOString(); // throws on an invalid Date, as drizzle does
  return f.kind === 'text' ? wellFormed(value as string) : value;
}

/**
 * Whether a column may be left out of a changed-columns write. A timestamp is compared by its
 * milliseconds (the stored text may carry microseconds, which a Date never had: left out, the
 * stored value stays as it was); text after wellFormed, as it would be written. Anything else
 * only when both are the same primitive. A wrong "differs" costs a column sent, never a write.
 */
function sameAsStored(f: Field, value: unknown, stored: unknown): boolean {
  if (value === undefined || stored === undefined) return false;
  if (value === null || stored === null) return value === stored;
  if (f.kind === 'timestamp')
    return value instanceof Date && typeof stored === 'string' && Date.parse(stored) === value.getTime();
  if (f.kind === 'text') return typeof value === 'string' && wellFormed(value) === stored;
  return typeof value !== 'object' && value === stored;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A text value bound as a parameter reaches the server UTF-8 encoded, which turns a lone
 * surrogate into U+FFFD. Inside a JSON document it would instead arrive as a `\ud800` escape
 * that jsonb rejects: replace it the same way, so a text column stores what it stored before.
 */
export const wellFormed = (s: string): string =>
  SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\uFFFD') : s;
