// `npm run kb:import -- [--dry-run] [--config FILE] [--encoding gb18030] PATH…` imports knowledge
// entries from CSV, JSON or Markdown-with-front-matter files (a directory: every .csv, .json, .md
// file in it; a file named here may also be .txt or .tsv, read as CSV: Excel's "Unicode text").
// All files are checked first; any problem is reported per record and nothing is imported.
// Entries whose ref exists are updated. Files with a UTF-16 byte-order mark (Excel's "Unicode
// text") are read as UTF-16; files that are not UTF-8 but read as GB18030 (Chinese Excel) are
// read as that; --encoding chooses. Categories are checked against the configuration
// (--config or ITSS_CONFIG); without one they cannot be, and a warning says so. Messages follow
// the operator commands' one language rule (--lang, the terminal's, the configuration's: src/cli/lang.ts).
// `npm run kb:import -- --reindex` re-analyses every entry. For users: docs/knowledge-import.md.
// Database: DATABASE_URL (PostgreSQL) or the PGlite directory DATA_DIR (default ./.data).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../db/connect.js';
import { createKnowledgeStore } from '../db/knowledge-store.js';
import { SavedFromChatRefs } from '../src/app/saved-from-chat.js';
import { answerHelpOrUnknown } from '../src/cli/args.js';
import { endQuietlyOnClosedPipe } from '../src/cli/closed-pipe.js';
import { decodeFile, EncodingError } from '../src/cli/kb-encoding.js';
import {
  extensionsFor,
  type FileFormat,
  FormatError,
  formatOf,
  type ImportProblem,
  parseCsv,
  parseJson,
  parseMarkdown,
  type RawRecord,
} from '../src/cli/kb-formats.js';
import {
  checkCsvHeader,
  formatProblem,
  savedFromChatProblems,
  sortProblems,
  validateRecords,
} from '../src/cli/knowledge-import.js';
import { badLangRefusal, cliLocale, LANG_OPTION } from '../src/cli/lang.js';
import { loadConfig } from '../src/config/load.js';
import type { Locale } from '../src/core/config.js';
import { t, tCount } from '../src/i18n/index.js';
import { defaultAnalyzer } from '../src/matching/production-analyzer.js';

endQuietlyOnClosedPipe();

/** From this many entries on: progress on stderr, and ANALYZE afterwards (plans were 8× slower without). */
const LARGE = 2000;

/** A file named on the command line (`named`), or a folder's files of the formats a folder is read for. */
function filesOf(path: string): { file: string; named: boolean }[] {
  if (!statSync(path).isDirectory()) return [{ file: path, named: true }];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => formatOf(f, false) !== null)
    .sort()
    .map((f) => ({ file: join(path, f), named: false }));
}

/** "FILE: cannot read: no such file or directory", like every other problem, not Node's ENOENT line. */
function unreadable(path: string, e: unknown): ImportProblem {
  const code = (e as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') throw e;
  if (code === 'ENOENT') return { where: path, field: 'file', key: 'file_missing' };
  return { where: path, field: 'file', key: 'file_unreadable', params: { code } };
}

interface Read {
  records: RawRecord[];
  problems: ImportProblem[];
  /** Set when the encoding was detected (not UTF-8, not given). */
  detected: string | null;
}

function read(file: string, format: FileFormat, encoding: string | undefined): Read {
  const decoded = decodeFile(readFileSync(file), encoding);
  if (decoded.looksLike) {
    // Read as UTF-8 every cell would be an error of its own: one line that says what to do.
    const params = { encoding: decoded.looksLike };
    return {
      records: [],
      problems: [{ where: file, field: 'file', key: 'utf16_no_bom', params }],
      detected: null,
    };
  }
  const parsed =
    format === 'csv'
      ? checkCsvHeader(parseCsv(decoded.text))
      : {
          records:
            format === 'json' ? parseJson(decoded.text) : [parseMarkdown(decoded.text, 'front matter')],
          problems: [],
        };
  const at = <T extends { where: string }>(r: T): T => ({ ...r, where: `${file}: ${r.where}` });
  return {
    records: parsed.records.map(at),
    problems: parsed.problems.map(at),
    detected: decoded.detected ? decoded.encoding : null,
  };
}

const OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  reindex: { type: 'boolean', default: false },
  config: { type: 'string' },
  encoding: { type: 'string' },
  ...LANG_OPTION,
} as const;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const lenient = parseArgs({ args, allowPositionals: true, options: OPTIONS, strict: false }).values;
  const configPath =
    (typeof lenient.config === 'string' && lenient.config) || process.env.ITSS_CONFIG || undefined;
  // One language for every line (src/cli/lang.ts), the usage and help included.
  const locale: Locale = cliLocale(args, () => (configPath ? loadConfig(configPath).locale : null));
  const io = { print: (text: string) => console.log(text), fail: (text: string) => console.error(text) };
  const badLang = badLangRefusal(args, locale);
  if (badLang !== null) {
    io.fail(badLang);
    return 2;
  }
  const asked = answerHelpOrUnknown(args, OPTIONS, t(locale, 'kb_import.usage'), io, locale);
  if (asked !== null) return asked;
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const config = configPath ? loadConfig(configPath) : null;
  const say = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => t(locale, key, params);
  const count = (key: Parameters<typeof t>[1], n: number, params?: Parameters<typeof t>[2]) =>
    tCount(locale, key, n, params);
  if (!values.reindex && positionals.length === 0) {
    console.error(say('kb_import.usage'));
    return 2;
  }
  const records: RawRecord[] = [];
  const problems: ImportProblem[] = [];
  const found: { file: string; named: boolean }[] = [];
  for (const path of positionals) {
    try {
      for (const f of filesOf(path)) found.push(f);
    } catch (e) {
      problems.push(unreadable(path, e));
    }
  }
  const files = found.map((f) => f.file);
  for (const { file, named } of found) {
    const format = formatOf(file, named);
    if (!format) {
      problems.push({
        where: file,
        field: 'file',
        key: 'file_format',
        params: { list: extensionsFor(true).join(', ') },
      });
      continue;
    }
    try {
      const got = read(file, format, values.encoding);
      // Not push(...list): that overflows the stack from ~125,000 rows on.
      for (const r of got.records) records.push(r);
      for (const p of got.problems) problems.push(p);
      if (got.detected) console.error(say('kb_import.detected_encoding', { file, encoding: got.detected }));
    } catch (e) {
      if (e instanceof EncodingError) {
        console.error(say('kb_import.unknown_encoding', { encoding: values.encoding ?? '' }));
        return 2;
      }
      if (e instanceof FormatError) problems.push({ ...e.problem, where: `${file}: ${e.where}` });
      else problems.push(unreadable(file, e));
    }
  }
  if (!config && records.length > 0) console.error(say('kb_import.no_config'));
  const checked = validateRecords(records, config ? new Set(config.categories.map((c) => c.id)) : undefined);
  for (const p of checked.problems) problems.push(p);
  if (problems.length > 0) {
    for (const p of sortProblems(problems, files)) console.error(formatProblem(p, locale));
    console.error(`\n${count('kb_import.failed', problems.length)}`);
    return 1;
  }
  if (values['dry-run']) {
    console.log(count('kb_import.dry_run', checked.entries.length));
    return 0;
  }
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  });
  try {
    const store = createKnowledgeStore(db, defaultAnalyzer());
    const reindexed = values.reindex ? await store.reindex() : 0;
    if (values.reindex) console.log(count('kb_import.reindexed', reindexed));
    const n = checked.entries.length;
    if (n === 0 && reindexed >= LARGE) await analyze(db, say);
    if (n > 0) {
      const large = n >= LARGE;
      const onProgress = large
        ? (done: number, total: number) =>
            process.stderr.write(`\r${say('kb_import.progress', { done, total })}`)
        : undefined;
      const result = await store.importEntries(checked.entries, { onProgress }).catch((e: unknown) => {
        if (!(e instanceof SavedFromChatRefs)) throw e;
        return savedFromChatProblems(records, checked.entries, e.refs);
      });
      if (Array.isArray(result)) {
        if (large) process.stderr.write('\n');
        for (const p of sortProblems(result, files)) console.error(formatProblem(p, locale));
        console.error(`\n${count('kb_import.failed', result.length)}`);
        return 1;
      }
      if (large) process.stderr.write(`\r${say('kb_import.progress', { done: n, total: n })}\n`);
      console.log(count('kb_import.imported', n, { created: result.created, updated: result.updated }));
      if (large || reindexed >= LARGE) await analyze(db, say);
    }
  } finally {
    await db.close();
  }
  return 0;
}

/** Fresh planner statistics: right after a large import plans were 8× slower without them. */
async function analyze(db: Database, say: (key: 'kb_import.analyzed') => string): Promise<void> {
  await db.orm.execute(sql`ANALYZE knowledge_entries`);
  await db.orm.execute(sql`ANALYZE knowledge_terms`);
  console.error(say('kb_import.analyzed'));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
