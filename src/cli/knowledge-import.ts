// Validation of imported knowledge: every problem of every record is reported (where, field,
// what is wrong — never the text itself), and nothing is imported unless all records are valid.

import type { KnowledgeEntryInput, KnowledgeKind, KnowledgeStatus } from '../app/ports.js';
import type { Locale } from '../core/config.js';
import { editDistance } from '../core/matching/glossary.js';
import { catalogs, type MessageKey, t } from '../i18n/index.js';
import type { ImportMessage, ImportProblem, ParsedCsv, RawRecord } from './kb-formats.js';

export type { ImportProblem };

export interface Validated {
  entries: KnowledgeEntryInput[];
  problems: ImportProblem[];
}

const KINDS: readonly KnowledgeKind[] = ['article', 'known_error', 'problem', 'incident'];
const STATUSES: readonly KnowledgeStatus[] = ['draft', 'published', 'retired'];
const REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/**
 * Accepted spellings of each field (CSV headers are often written by hand). The Chinese ones
 * are what a desk's sheet says and the bot's own labels in zh-CN.ts: 条目类型 (field.kind),
 * 现象 / 解决办法 / 临时方案 (the Markdown headings below), 类别 (web.figure.category), 来源
 * (match.source). Words that could mean two fields (问题, 描述, 内容) only get a hint (HINTS).
 */
export const ALIASES: Readonly<Record<string, readonly string[]>> = {
  ref: ['ref', 'id', 'reference', '编号', '知识编号'],
  kind: ['kind', 'type', '类型', '条目类型'],
  title: ['title', '标题'],
  symptoms: ['symptoms', 'symptom', '症状', '现象'],
  solution: ['solution', 'workaround', 'resolution', '解决方案', '变通方法', '解决办法', '临时方案'],
  category: ['category', '分类', '类别'],
  tags: ['tags', 'tag', '标签'],
  sourceUrl: ['sourceUrl', 'source_url', 'source', 'url', 'link', '来源', '链接', '来源链接'],
  status: ['status', '状态'],
  lastVerifiedAt: ['lastVerifiedAt', 'last_verified', 'last_verified_at', 'verified', '核实日期', '最后核实'],
};
/**
 * A header as people type it, reduced for comparison: Excel users write "Ref", " Title ",
 * "SOLUTION", "Source URL", "last-verified", full-width letters from a Chinese keyboard.
 */
export const fieldKey = (name: string): string =>
  name
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
/** Reduced spelling → field, and its rank among the field's aliases (the first spelled wins). */
const FIELD_OF = new Map(
  Object.entries(ALIASES).flatMap(([field, names]) =>
    names.map((n, rank) => [fieldKey(n), { field, rank }] as const),
  ),
);
/** The field a name means, or undefined. */
export const fieldOf = (name: string): string | undefined => FIELD_OF.get(fieldKey(name))?.field;
/** Names people try first for a field we spell otherwise. */
const HINTS: Record<string, string> = {
  key: 'ref',
  uid: 'ref',
  number: 'ref',
  no: 'ref',
  name: 'title',
  subject: 'title',
  summary: 'title',
  名称: 'title',
  主题: 'title',
  description: 'symptoms',
  problem: 'symptoms',
  问题: 'symptoms',
  描述: 'symptoms',
  fix: 'solution',
  answer: 'solution',
  steps: 'solution',
  body: 'solution',
  content: 'solution',
  解决: 'solution',
  处理方法: 'solution',
  内容: 'solution',
  正文: 'solution',
  答案: 'solution',
  keywords: 'tags',
  关键词: 'tags',
  关键字: 'tags',
  网址: 'sourceUrl',
  日期: 'lastVerifiedAt',
  更新日期: 'lastVerifiedAt',
};
const LANGUAGE = new Set(['lang', 'language', 'locale', '语言']);
/** Text of one entry (title, symptoms, solution) beyond this is a dump, not an article. */
export const MAX_ENTRY_BYTES = 100 * 1024;

/** `categories`: the configured category ids; when given, others are errors. */
export function validateRecords(records: readonly RawRecord[], categories?: ReadonlySet<string>): Validated {
  const problems: ImportProblem[] = [];
  const entries: KnowledgeEntryInput[] = [];
  const seen = new Map<string, string>();
  for (const record of records) {
    // Which column holds each field, so a problem names it as the file does (解决方案, not solution).
    const columns = new Map<string, string>();
    const bad: Bad = (field, key, params, column = columns.get(field)) =>
      problems.push({
        where: record.where,
        field,
        ...(column !== undefined ? { column } : {}),
        key,
        ...(params ? { params } : {}),
      });
    for (const name of Object.keys(record.fields)) if (!fieldOf(name)) unknownField(name, bad);
    const size = entrySize(record.fields);
    if (size > MAX_ENTRY_BYTES) {
      bad('*', 'too_large', { kb: Math.ceil(size / 1024), max: MAX_ENTRY_BYTES / 1024 });
      continue;
    }
    if (!cleanFields(record.fields, bad)) continue;
    const values = byField(record.fields, columns);
    const get = (field: string) => values.get(field);
    const ref = str(get('ref'));
    if (ref && !REF.test(ref)) bad('ref', 'ref_format');
    if (ref && seen.has(ref)) bad('ref', 'ref_twice', { where: seen.get(ref) ?? '' });
    if (ref) seen.set(ref, record.where);
    const kind = (valueKey(get('kind')) || 'article') as KnowledgeKind;
    if (!KINDS.includes(kind)) bad('kind', 'one_of', { list: KIND_LIST });
    const status = (valueKey(get('status')) || 'published') as KnowledgeStatus;
    if (!STATUSES.includes(status)) bad('status', 'one_of', { list: STATUS_LIST });
    const title = str(get('title'));
    if (!title) bad('title', 'required');
    else if (title.length > 300) bad('title', 'title_long');
    const solution = str(get('solution'));
    if (!solution && kind !== 'problem') bad('solution', 'solution_required');
    const category = str(get('category')) || null;
    if (category && categories && !categories.has(category))
      bad('category', 'category_unknown', { category });
    const sourceUrl = str(get('sourceUrl')) || null;
    if (sourceUrl && !/^https?:\/\/\S+$/.test(sourceUrl)) bad('sourceUrl', 'url');
    const verified = get('lastVerifiedAt');
    const lastVerifiedAt =
      verified === undefined || verified === '' || verified === null ? null : toDate(verified);
    if (lastVerifiedAt && Number.isNaN(lastVerifiedAt.getTime())) bad('lastVerifiedAt', 'date');
    const tags = toTags(get('tags'));
    if (tags === null) bad('tags', 'tags');
    entries.push({
      ref: ref || null,
      kind,
      title,
      symptoms: str(get('symptoms')),
      solution,
      category,
      tags: tags ?? [],
      sourceUrl,
      status,
      lastVerifiedAt,
    });
  }
  return { entries: problems.length === 0 ? entries : [], problems };
}

/**
 * A CSV header is checked once, as line 1: an unknown or repeated column is one problem, not one
 * per row (a 50-row file printed 252 lines), and is left out of the rows, whose own problems are
 * still reported. Without a required column every row would fail alike, so rows go unchecked.
 */
export function checkCsvHeader(csv: ParsedCsv): { records: RawRecord[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const bad: Bad = (field, key, params) =>
    problems.push({ where: 'line 1', field, key, ...(params ? { params } : {}) });
  const columnOf = new Map<string, string>();
  const drop = new Set<string>();
  for (const [i, name] of csv.header.entries()) {
    if (name === null) continue;
    if (name === '') {
      bad('file', 'header_unnamed', { column: i + 1 });
      continue;
    }
    const field = fieldOf(name);
    const first = field && columnOf.get(field);
    if (!field) unknownField(name, bad);
    else if (first !== undefined) bad(name, 'header_twice', { name: first });
    else columnOf.set(field, name);
    // Two columns spelled alike are one key of the row already: drop nothing then.
    if (!field || (first !== undefined && first !== name)) drop.add(name);
  }
  if (csv.header.length === 0) return { records: [], problems: csv.problems };
  const missing = ['title', ...(columnOf.has('kind') ? [] : ['solution'])].filter((f) => !columnOf.has(f));
  for (const field of missing) bad(field, 'header_missing', { names: (ALIASES[field] ?? []).join(', ') });
  const records =
    missing.length > 0
      ? []
      : csv.records.map((r) => ({
          ...r,
          fields: Object.fromEntries(Object.entries(r.fields).filter(([name]) => !drop.has(name))),
        }));
  return { records, problems: [...problems, ...csv.problems] };
}

type Bad = (field: string, key: ImportMessage, params?: ImportProblem['params'], column?: string) => void;

function unknownField(name: string, bad: Bad): void {
  const lower = fieldKey(name);
  const hint = HINTS[lower] ?? closest(lower);
  if (LANGUAGE.has(lower)) bad(name, 'no_language_field');
  else if (hint) bad(name, 'unknown_field_hint', { name: hint });
  else bad(name, 'unknown_field');
}

/** A known field name within two edits (titel, solutoin, catgory). */
function closest(name: string): string | null {
  let best: { name: string; d: number } | null = null;
  for (const known of Object.values(ALIASES).flat()) {
    const d = editDistance(name, fieldKey(known), 2);
    if (d <= 2 && d < name.length / 2 && (!best || d < best.d)) best = { name: known, d };
  }
  return best?.name ?? null;
}

function entrySize(fields: Record<string, unknown>): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const v of Object.values(fields)) if (typeof v === 'string') bytes += encoder.encode(v).length;
  return bytes;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text the database would refuse or that lost bytes on the way (U+FFFD: invalid UTF-8 read as
 * UTF-8) is reported by field and character position, not repaired: the file is what to fix.
 */
function cleanFields(fields: Record<string, unknown>, bad: Bad): boolean {
  let clean = true;
  const check = (name: string, v: unknown) => {
    if (typeof v !== 'string') {
      if (Array.isArray(v)) for (const item of v) check(name, item);
      return;
    }
    for (const [re, key] of [
      [CONTROL, 'bad_control'],
      [LONE_SURROGATE, 'bad_surrogate'],
      [/\uFFFD/, 'bad_utf8'],
    ] as const) {
      const m = re.exec(v);
      if (!m) continue;
      bad(fieldOf(name) ?? name, key, { at: m.index + 1 }, name);
      clean = false;
    }
  };
  for (const [name, v] of Object.entries(fields)) check(name, v);
  return clean;
}

/**
 * Field → value; of two spellings of one field ("solution", "Workaround") the first alias wins.
 * `columns` gets the name of the column each value came from.
 */
function byField(fields: Record<string, unknown>, columns: Map<string, string>): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const ranks = new Map<string, number>();
  for (const [name, value] of Object.entries(fields)) {
    const known = FIELD_OF.get(fieldKey(name));
    if (!known || value === undefined || (ranks.get(known.field) ?? Infinity) <= known.rank) continue;
    values.set(known.field, value);
    columns.set(known.field, name);
    ranks.set(known.field, known.rank);
  }
  return values;
}

/**
 * kind and status as a Chinese desk writes them: the labels the bot shows for the kinds
 * (match.kind.* in zh-CN.ts) and their short forms; the statuses with the words the bot uses for
 * reviewing knowledge (草稿, 发布, 停用: match.saved_draft, audit.knowledge_published / _retired).
 * Listed in docs/knowledge-import.md.
 */
export const CHINESE_VALUES: Readonly<Record<string, KnowledgeKind | KnowledgeStatus>> = {
  ...Object.fromEntries(KINDS.map((kind) => [catalogs['zh-CN'][`match.kind.${kind}`], kind])),
  文章: 'article',
  问题: 'problem',
  事件: 'incident',
  草稿: 'draft',
  // The full form first: valueList shows them in this order.
  已发布: 'published',
  发布: 'published',
  已停用: 'retired',
  停用: 'retired',
};

/**
 * The accepted values with their Chinese spellings, "article/知识文章/文章, known_error/已知错误, …":
 * a Chinese desk that wrote 文档 learns which of its words work, not only the English ones.
 */
const valueList = (values: readonly string[]): string =>
  values
    .map((v) => [v, ...Object.keys(CHINESE_VALUES).filter((zh) => CHINESE_VALUES[zh] === v)].join('/'))
    .join(', ');
const KIND_LIST = valueList(KINDS);
const STATUS_LIST = valueList(STATUSES);

/** "Known Error", "known-error", "Published", "已知错误", "已发布" → known_error, published. */
const valueKey = (v: unknown): string => {
  const value = str(v).normalize('NFKC');
  return CHINESE_VALUES[value] ?? value.toLowerCase().replace(/[\s-]+/g, '_');
};

const str = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  return typeof v === 'string' || typeof v === 'number' ? new Date(v) : new Date(Number.NaN);
}

function toTags(v: unknown): string[] | null {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v))
    return v.every((t) => typeof t === 'string') ? v.map((t) => t.trim()).filter(Boolean) : null;
  if (typeof v === 'string')
    return v
      .split(/[;,，；]/)
      .map((t) => t.trim())
      .filter(Boolean);
  return null;
}

/**
 * Problems in the order of the files given and, within a file, by line or entry: reading finds
 * a short row (line 5) before validation finds a bad ref (line 3). Stable: a row keeps its order.
 */
export function sortProblems(problems: readonly ImportProblem[], files: readonly string[]): ImportProblem[] {
  const at = (p: ImportProblem): [number, number] => {
    const m = /^(.*): (?:line|entry) (\d+)$/.exec(p.where);
    return m ? [files.indexOf(m[1] as string), Number(m[2])] : [files.indexOf(p.where), 0];
  };
  return problems
    .map((p) => ({ p, at: at(p) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1])
    .map(({ p }) => p);
}

/** "file.csv: line 7: title: required", in the reader's language ("第 7 行" in Chinese). */
export function formatProblem(p: ImportProblem, locale: Locale): string {
  const where = (text: string) =>
    text.replace(/\b(line|entry) (\d+)/g, (_, what: string, n: string) =>
      t(locale, `kb_import.${what as 'line' | 'entry'}`, { n }),
    );
  const params = Object.fromEntries(
    Object.entries(p.params ?? {}).map(([k, v]) => [k, k === 'where' ? where(String(v)) : v]),
  );
  const message = t(locale, `kb_import.${p.key}` as MessageKey, params);
  const whole = p.field === 'file' || p.field === '*';
  return whole ? `${where(p.where)}: ${message}` : `${where(p.where)}: ${columnName(p, locale)}: ${message}`;
}

/** The column as the file wrote it, and the field it stands for when that is spelt otherwise. */
function columnName(p: ImportProblem, locale: Locale): string {
  if (p.column === undefined) return p.field;
  if (fieldKey(p.column) === fieldKey(p.field)) return p.column;
  return t(locale, 'kb_import.column_field', { column: p.column, field: p.field });
}

/**
 * The rows whose ref names an entry saved from chat (SavedFromChatRefs.refs: ref → incident
 * number), each as a problem of its ref column. `entries` are validateRecords' for `records`,
 * one per record (only an import with no problem gets this far).
 */
export function savedFromChatProblems(
  records: readonly RawRecord[],
  entries: readonly KnowledgeEntryInput[],
  refs: ReadonlyMap<string, string>,
): ImportProblem[] {
  return records.flatMap((record, i) => {
    const ref = entries[i]?.ref;
    const number = ref ? refs.get(ref) : undefined;
    if (!ref || number === undefined) return [];
    const column = Object.keys(record.fields).find((name) => fieldOf(name) === 'ref');
    return [
      {
        where: record.where,
        field: 'ref',
        ...(column !== undefined ? { column } : {}),
        key: 'ref_saved_from_chat' as const,
        params: { ref, number },
      },
    ];
  });
}
