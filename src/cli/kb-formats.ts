// File formats for `npm run kb:import`: CSV (header row, RFC 4180 quoting), JSON (an array of
// objects) and Markdown with YAML front matter (one entry per file). Each becomes raw records
// with where they came from; knowledge-import.ts validates them.
import { parse as parseYaml } from 'yaml';

/** A record as read, before validation; `where` names it in error messages ("line 7", "entry 3"). */
export interface RawRecord {
  where: string;
  fields: Record<string, unknown>;
}

/** A problem with a record: where (as "line 7" / "entry 3"), which field, and a catalog message. */
export interface ImportProblem {
  where: string;
  field: string;
  key: ImportMessage;
  params?: Record<string, string | number>;
}

/** Messages of the importer, under `kb_import.` in the i18n catalogs. */
export type ImportMessage =
  | 'unknown_field'
  | 'unknown_field_hint'
  | 'no_language_field'
  | 'ref_format'
  | 'ref_twice'
  | 'one_of'
  | 'required'
  | 'title_long'
  | 'solution_required'
  | 'category_unknown'
  | 'url'
  | 'date'
  | 'tags'
  | 'too_large'
  | 'bad_control'
  | 'bad_surrogate'
  | 'bad_utf8'
  | 'csv_columns'
  | 'csv_quote'
  | 'csv_empty'
  | 'header_missing'
  | 'header_twice'
  | 'header_unnamed'
  | 'file_format'
  | 'file_missing'
  | 'file_unreadable'
  | 'json_invalid'
  | 'json_object'
  | 'md_front'
  | 'md_yaml'
  | 'md_mapping';

export class FormatError extends Error {
  constructor(
    readonly where: string,
    readonly key: ImportMessage,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${where}: ${key}`);
    this.name = 'FormatError';
  }

  get problem(): ImportProblem {
    return { where: this.where, field: 'file', key: this.key, params: this.params };
  }
}

/**
 * Every record that can be read, and every problem: a short or long row, a quote never closed
 * (the rows after it are read again from the next line, so their problems are reported too).
 */
export interface ParsedCsv {
  /**
   * The header's names as written (trimmed), null for a nameless column with nothing in it
   * (left out of the records); knowledge-import.ts checks them once.
   */
  header: (string | null)[];
  records: RawRecord[];
  problems: ImportProblem[];
}

export function parseCsv(text: string): ParsedCsv {
  const body = text.replace(/^\uFEFF/, '');
  const { rows, problems } = csvRows(body, separatorOf(body));
  const header = rows.shift();
  if (!header)
    return { header: [], records: [], problems: [{ where: 'line 1', field: 'file', key: 'csv_empty' }] };
  const names = header.cells.map((h) => h.trim());
  const data = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  // Excel writes trailing ",,," (";;;") for cells once formatted: a nameless, empty column is none.
  const keep = names.map((n, i) => n !== '' || data.some((r) => (r.cells[i] ?? '').trim() !== ''));
  const records: RawRecord[] = [];
  for (const r of data) {
    const where = `line ${r.line}`;
    if (r.cells.length !== names.length)
      problems.push({
        where,
        field: 'file',
        key: 'csv_columns',
        params: { got: r.cells.length, want: names.length },
      });
    else
      records.push({
        where,
        fields: Object.fromEntries(names.flatMap((n, i) => (keep[i] ? [[n, r.cells[i]]] : []))),
      });
  }
  problems.sort((a, b) => lineOf(a.where) - lineOf(b.where));
  return { header: names.map((n, i) => (keep[i] ? n : null)), records, problems };
}

/**
 * European Excel saves "CSV" with ";", and some exports use tabs: a header line with no comma
 * but one of those is read with it. (The parser is our own: no CSV reader is a dependency.)
 */
export function separatorOf(text: string): ',' | ';' | '\t' {
  const header = text.slice(0, text.search(/\r|\n|$/));
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  return header.includes('\t') ? '\t' : ',';
}

const lineOf = (where: string) => Number(/\d+/.exec(where)?.[0] ?? 0);

interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * RFC 4180: quoted cells may hold commas, newlines and "" for a quote. A quote that is never
 * closed, or "closed" by a quote followed by more text, is reported at the line it opened, and
 * reading starts again on the next line.
 */
function csvRows(text: string, separator: string): { rows: CsvRow[]; problems: ImportProblem[] } {
  const rows: CsvRow[] = [];
  const problems: ImportProblem[] = [];
  let from = 0;
  let firstLine = 1;
  for (;;) {
    const part = csvPart(text, from, firstLine, separator);
    rows.push(...part.rows);
    if (!part.badQuote) break;
    problems.push({ where: `line ${part.badQuote.line}`, field: 'file', key: 'csv_quote' });
    const next = text.indexOf('\n', part.badQuote.at);
    if (next < 0) break;
    from = next + 1;
    firstLine = part.badQuote.line + 1;
  }
  return { rows, problems };
}

function csvPart(text: string, from: number, firstLine: number, separator: string) {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = firstLine;
  let start = firstLine;
  let opened = { line: 0, at: 0 };
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        const after = text[i + 1];
        if (after !== undefined && after !== separator && after !== '\n' && after !== '\r')
          return { rows, badQuote: opened };
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
      opened = { line, at: i };
    } else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.push({ line: start, cells: [...cells, cell] });
      cells = [];
      cell = '';
      start = ++line;
    } else cell += c;
  }
  if (quoted) return { rows, badQuote: opened };
  if (cell !== '' || cells.length > 0) rows.push({ line: start, cells: [...cells, cell] });
  return { rows, badQuote: null };
}

export function parseJson(text: string): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // Node's message quotes the text near the error: give only where it is.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new FormatError('file', 'json_invalid', { detail: at ? `@${at}` : '-' });
  }
  const list = Array.isArray(data) ? data : [data];
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new FormatError(`entry ${i + 1}`, 'json_object');
    return { where: `entry ${i + 1}`, fields: item as Record<string, unknown> };
  });
}

const SECTION =
  /^#{1,3}\s*(symptoms?|症状|现象|solution|解决方案|解决办法|workaround|变通方法|临时方案)\s*$/i;

/**
 * One entry per file: YAML front matter for the fields, the body for the text. "## Symptoms" /
 * "## Solution" (or 症状 / 解决方案, Workaround / 变通方法) split the body; without them the
 * body is the solution.
 */
export function parseMarkdown(text: string, where: string): RawRecord {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) throw new FormatError(where, 'md_front');
  let front: unknown;
  try {
    front = parseYaml(match[1] as string);
  } catch (e) {
    throw new FormatError(where, 'md_yaml', { detail: (e as Error).message });
  }
  if (typeof front !== 'object' || front === null || Array.isArray(front))
    throw new FormatError(where, 'md_mapping');
  const fields: Record<string, unknown> = { ...(front as Record<string, unknown>) };
  let current: 'symptoms' | 'solution' = 'solution';
  const parts: Record<string, string[]> = { symptoms: [], solution: [] };
  let sawSection = false;
  for (const line of (match[2] as string).split(/\r?\n/)) {
    const heading = SECTION.exec(line.trim());
    if (heading) {
      sawSection = true;
      current = /^(symptoms?|症状|现象)$/i.test(heading[1] as string) ? 'symptoms' : 'solution';
      continue;
    }
    if (!sawSection && /^#\s/.test(line) && fields.title === undefined) {
      fields.title = line.replace(/^#\s+/, '').trim();
      continue;
    }
    parts[current]?.push(line);
  }
  if (fields.symptoms === undefined) fields.symptoms = (parts.symptoms ?? []).join('\n').trim();
  if (fields.solution === undefined && fields.workaround === undefined)
    fields.solution = (parts.solution ?? []).join('\n').trim();
  return { where, fields };
}
