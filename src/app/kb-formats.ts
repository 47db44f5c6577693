// File formats for `npm run kb:import`: CSV (header row, RFC 4180 quoting), JSON (an array of
// objects) and Markdown with YAML front matter (one entry per file). Each becomes raw records
// with where they came from; knowledge-import.ts validates them.
import { parse as parseYaml } from 'yaml';

/** A record as read, before validation; `where` names it in error messages ("line 7", "entry 3"). */
export interface RawRecord {
  where: string;
  fields: Record<string, unknown>;
}

export class FormatError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'FormatError';
  }
}

export function parseCsv(text: string): RawRecord[] {
  const rows = csvRows(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header) throw new FormatError('line 1', 'empty file: expected a header row');
  const names = header.cells.map((h) => h.trim());
  return rows
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      if (r.cells.length !== names.length)
        throw new FormatError(`line ${r.line}`, `${r.cells.length} columns, the header has ${names.length}`);
      return { where: `line ${r.line}`, fields: Object.fromEntries(names.map((n, i) => [n, r.cells[i]])) };
    });
}

/** RFC 4180: quoted cells may hold commas, newlines and "" for a quote. */
function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
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
  if (quoted) throw new FormatError(`line ${start}`, 'a quoted cell is never closed');
  if (cell !== '' || cells.length > 0) rows.push({ line: start, cells: [...cells, cell] });
  return rows;
}

export function parseJson(text: string): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FormatError('file', `not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(data) ? data : [data];
  return list.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new FormatError(`entry ${i + 1}`, 'expected an object');
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
  if (!match) throw new FormatError(where, 'expected front matter between --- lines at the top');
  let front: unknown;
  try {
    front = parseYaml(match[1] as string);
  } catch (e) {
    throw new FormatError(where, `front matter is not valid YAML (${(e as Error).message})`);
  }
  if (typeof front !== 'object' || front === null || Array.isArray(front))
    throw new FormatError(where, 'front matter must be a mapping of fields');
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
