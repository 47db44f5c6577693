// Validation of imported knowledge: every problem of every record is reported (where, field,
// what is wrong), and nothing is imported unless all records are valid.
import type { RawRecord } from './kb-formats.js';
import type { KnowledgeEntryInput, KnowledgeKind, KnowledgeStatus } from './ports.js';

export interface ImportProblem {
  where: string;
  field: string;
  message: string;
}

export interface Validated {
  entries: KnowledgeEntryInput[];
  problems: ImportProblem[];
}

const KINDS: readonly KnowledgeKind[] = ['article', 'known_error', 'problem', 'incident'];
const STATUSES: readonly KnowledgeStatus[] = ['draft', 'published', 'retired'];
const REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Accepted spellings of each field (CSV headers are often written by hand). */
const ALIASES: Record<string, readonly string[]> = {
  ref: ['ref', 'id', 'reference'],
  kind: ['kind', 'type'],
  title: ['title', '标题'],
  symptoms: ['symptoms', 'symptom', '症状'],
  solution: ['solution', 'workaround', 'resolution', '解决方案', '变通方法'],
  category: ['category', '分类'],
  tags: ['tags', 'tag', '标签'],
  sourceUrl: ['sourceUrl', 'source_url', 'source', 'url', 'link'],
  status: ['status', '状态'],
  lastVerifiedAt: ['lastVerifiedAt', 'last_verified', 'last_verified_at', 'verified'],
};
const KNOWN = new Set(Object.values(ALIASES).flat());

/** `categories`: the configured category ids; when given, others are errors. */
export function validateRecords(records: readonly RawRecord[], categories?: ReadonlySet<string>): Validated {
  const problems: ImportProblem[] = [];
  const entries: KnowledgeEntryInput[] = [];
  const seen = new Map<string, string>();
  for (const record of records) {
    const bad = (field: string, message: string) => problems.push({ where: record.where, field, message });
    for (const name of Object.keys(record.fields)) if (!KNOWN.has(name)) bad(name, 'unknown field');
    const get = (field: string) => fieldValue(record.fields, field);
    const ref = str(get('ref'));
    if (ref && !REF.test(ref)) bad('ref', 'letters, digits, "-", "_" or "." (at most 64), e.g. KB-000123');
    if (ref && seen.has(ref)) bad('ref', `also used by ${seen.get(ref)}`);
    if (ref) seen.set(ref, record.where);
    const kind = (str(get('kind')) || 'article') as KnowledgeKind;
    if (!KINDS.includes(kind)) bad('kind', `expected one of ${KINDS.join(', ')}`);
    const status = (str(get('status')) || 'published') as KnowledgeStatus;
    if (!STATUSES.includes(status)) bad('status', `expected one of ${STATUSES.join(', ')}`);
    const title = str(get('title'));
    if (!title) bad('title', 'required');
    else if (title.length > 300) bad('title', 'at most 300 characters');
    const solution = str(get('solution'));
    if (!solution && kind !== 'problem')
      bad('solution', 'required (a problem under investigation may leave it empty)');
    const category = str(get('category')) || null;
    if (category && categories && !categories.has(category))
      bad('category', `"${category}" is not a configured category`);
    const sourceUrl = str(get('sourceUrl')) || null;
    if (sourceUrl && !/^https?:\/\/\S+$/.test(sourceUrl)) bad('sourceUrl', 'expected an http(s) link');
    const verified = get('lastVerifiedAt');
    const lastVerifiedAt =
      verified === undefined || verified === '' || verified === null ? null : toDate(verified);
    if (lastVerifiedAt && Number.isNaN(lastVerifiedAt.getTime()))
      bad('lastVerifiedAt', 'expected a date such as 2025-03-31');
    const tags = toTags(get('tags'));
    if (tags === null) bad('tags', 'expected a list of words, or words separated by ";" or ","');
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

function fieldValue(fields: Record<string, unknown>, field: string): unknown {
  for (const name of ALIASES[field] ?? [field]) if (fields[name] !== undefined) return fields[name];
  return undefined;
}

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
