// File formats for `npm run kb:import`: CSV (header row, RFC 4180 quoting; comma, semicolon or
// tab), JSON (an array of objects) and Markdown with YAML front matter (one entry per file). Each
// becomes raw records with where they came from; knowledge-import.ts validates them.
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export type FileFormat = 'csv' | 'json' | 'markdown';

/** What a folder's files are read as: a stray `notes.txt` beside them is not an entry. */
const SCANNED: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
};
/** A file named on the command line may also be Excel's "Unicode text" (`.txt`) or a `.tsv`: read
 *  as CSV, the separator is found from the header line (separatorOf). */
const NAMED: Record<string, FileFormat> = { ...SCANNED, '.txt': 'csv', '.tsv': 'csv' };

/** The extensions taken when a folder is scanned (`named: false`) or a file is named. */
export const extensionsFor = (named: boolean): string[] => Object.keys(named ? NAMED : SCANNED);

/** How `file` is read (by its extension, any case), or null when it is not taken. */
export function formatOf(file: string, named: boolean): FileFormat | null {
  return (named ? NAMED : SCANNED)[extname(file).toLowerCase()] ?? null;
}

/** A record as read, before validation; `where` names it in error messages ("line 7", "entry 3"). */
export interface RawRecord {
  where: string;
  fields: Record<string, unknown>;
}

/** A problem with a record: where (as "line 7" / "entry 3"), which field, and a catalog message. */
export interface ImportProblem {
  where: string;
  field: string;
  /** The column (JSON/front-matter key) as the file spells it, when it has one: 解决方案, Fix. */
  column?: string;
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
  | 'ref_saved_from_chat'
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
  | 'utf16_no_bom'
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
  if (!header) {
    problems.unshift({ where: 'line 1', field: 'file', key: 'csv_empty' });
    return { header: [], records: [], problems };
  }
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
 * but one of those is read with it.
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

/** Where a quote opened: its line, and its offset in the text. */
interface Opened {
  line: number;
  at: number;
}

/**
 * The reader is our own, not csv-parse (checked 2026-12-06 with csv-parse 6.2.1, see
 * docs/knowledge-import.md "How the file is read"): csv-parse reads a quote that is never closed
 * to the end of the file and reports the last line, so the rows after it go unchecked; its
 * skip_records_with_error is documented as unsafe when quoted cells hold line breaks, which
 * ours may. Keeping our promise would need this restart loop around csv-parse anyway.
 *
 * RFC 4180: quoted cells may hold commas, newlines and "" for a quote. A quote that is never
 * closed, or "closed" by a quote followed by more text, is reported at the line it opened, and
 * reading starts again on the next line. Lines end in CRLF, LF or a lone CR (Excel for Mac's
 * "CSV (Macintosh)"), inside quotes too, so line numbers are those an editor shows.
 */
function csvRows(text: string, separator: string): { rows: CsvRow[]; problems: ImportProblem[] } {
  // Rows are appended in place: `rows.push(...part)` threw "Maximum call stack size exceeded"
  // from about 125,000 rows on.
  const rows: CsvRow[] = [];
  const problems: ImportProblem[] = [];
  let from = 0;
  let firstLine = 1;
  for (;;) {
    const badQuote = csvPart(text, from, firstLine, separator, rows);
    if (!badQuote) break;
    problems.push({ where: `line ${badQuote.line}`, field: 'file', key: 'csv_quote' });
    LINE_END.lastIndex = badQuote.at;
    const next = LINE_END.exec(text);
    if (!next) break;
    from = next.index + next[0].length;
    firstLine = badQuote.line + 1;
  }
  return { rows, problems };
}

const LINE_END = /\r\n?|\n/g;
const lineBreaks = (s: string) =>
  s.includes('\n') || s.includes('\r') ? (s.match(LINE_END)?.length ?? 0) : 0;

/**
 * Reads rows from `from` into `rows`, cell by cell, slicing rather than adding up characters
 * (3 s of CPU for 100,000 rows before). Returns where a bad quote opened, or null at the end.
 */
function csvPart(text: string, from: number, firstLine: number, separator: string, rows: CsvRow[]) {
  const sep = separator.charCodeAt(0);
  let cells: string[] = [];
  let line = firstLine;
  let i = from;
  while (i < text.length) {
    const start = line;
    for (;;) {
      if (text[i] === '"') {
        const quoted = quotedCell(text, i, line, separator);
        if ('badQuote' in quoted) return quoted.badQuote;
        cells.push(quoted.cell);
        line += quoted.lines;
        i = quoted.end;
      } else {
        let j = i;
        for (let c = text.charCodeAt(j); j < text.length && c !== sep && c !== 10 && c !== 13; )
          c = text.charCodeAt(++j);
        cells.push(text.slice(i, j));
        i = j;
      }
      if (text.charCodeAt(i) !== sep) break;
      i++;
    }
    // At a line end or the end of the text, where a last line with nothing on it is none.
    if (i < text.length || cells.length > 1 || cells[0] !== '') rows.push({ line: start, cells });
    cells = [];
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
  }
  return null;
}

/** The quoted cell opening at `at`: its text, the line breaks in it, and where it ends. */
function quotedCell(
  text: string,
  at: number,
  line: number,
  separator: string,
): { cell: string; lines: number; end: number } | { badQuote: Opened } {
  let cell = '';
  let j = at + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) return { badQuote: { line, at } };
    cell += text.slice(j, q);
    if (text[q + 1] !== '"') {
      j = q + 1;
      break;
    }
    cell += '"';
    j = q + 2;
  }
  const after = text[j];
  if (after !== undefined && after !== separator && after !== '\n' && after !== '\r')
    return { badQuote: { line, at } };
  return { cell, lines: lineBreaks(cell), end: j };
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
