// Reads of a batch of rows by a set of ids (a delivery batch's incidents and cards, the timer
// relay's incidents and their timer audit), written so that the plan a connection keeps is an
// index lookup per id whatever the table's size.
//
// Written as `id = ANY($1)`, such a statement's kept plan (generic: made without the values, for
// an array of unknown length, once it has run five times) is a sequential scan when the table was
// small then — as on every fresh database — and it stays one, read whole on every call as the
// table grows, until the table is next analysed (never, with autovacuum off; in the core bench,
// ~0.2 sequential scans of incidents, chat_refs and audit_events per transition, their cost
// growing with every incident). An equality on an indexed column is planned as an index lookup
// even on a table never analysed (the planner assumes at least ten pages), so each id goes by
// equality, in a LATERAL subquery: `OFFSET 0` keeps it from being merged into a join, which
// could again be a hash of the whole table.

/**
 * `FROM` items giving `u.id` for each id of the text array `param`, in id order, and `alias`'s
 * rows of `select` (a `SELECT … WHERE … = u.id`, no `OFFSET`) for each, with `locking` (`FOR …`):
 * a nested loop, so rows are locked one id after another, in id order.
 */
export function eachId(param: string, select: string, alias: string, locking = ''): string {
  return `(SELECT DISTINCT unnest(${param}::text[]) AS id ORDER BY 1) AS u,
  LATERAL (${select} OFFSET 0${locking ? ` ${locking}` : ''}) AS ${alias}`;
}
