// `npm run kb:import -- [--dry-run] [--config FILE] PATH…` imports knowledge entries from CSV,
// JSON or Markdown-with-front-matter files (a directory: every such file in it). All files are
// checked first; any problem is reported per record and nothing is imported. Entries whose ref
// exists are updated. `npm run kb:import -- --reindex` re-analyses every entry (glossary change).
// Database: DATABASE_URL (PostgreSQL) or the PGlite directory DATA_DIR (default ./.data).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connect.js';
import { createKnowledgeStore } from '../db/knowledge-store.js';
import { FormatError, parseCsv, parseJson, parseMarkdown, type RawRecord } from '../src/app/kb-formats.js';
import { type ImportProblem, validateRecords } from '../src/app/knowledge-import.js';
import { loadConfig } from '../src/config/load.js';
import { defaultAnalyzer } from '../src/matching/analyzer.js';

const FORMATS = ['.csv', '.json', '.md', '.markdown'];

function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => FORMATS.includes(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(path, f));
}

function read(file: string): RawRecord[] {
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  const records =
    ext === '.csv'
      ? parseCsv(text)
      : ext === '.json'
        ? parseJson(text)
        : [parseMarkdown(text, 'front matter')];
  return records.map((r) => ({ ...r, where: `${file}: ${r.where}` }));
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      reindex: { type: 'boolean', default: false },
      config: { type: 'string' },
    },
  });
  if (!values.reindex && positionals.length === 0) {
    console.error('usage: npm run kb:import -- [--dry-run] [--config FILE] PATH…   |   --reindex');
    return 2;
  }
  const records: RawRecord[] = [];
  const problems: ImportProblem[] = [];
  for (const file of positionals.flatMap(filesOf)) {
    if (!FORMATS.includes(extname(file).toLowerCase())) {
      problems.push({ where: file, field: 'file', message: `unsupported format (${FORMATS.join(', ')})` });
      continue;
    }
    try {
      records.push(...read(file));
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      problems.push({ where: file, field: 'file', message: e.message });
    }
  }
  const configPath = values.config ?? process.env.ITSS_CONFIG;
  const categories = configPath ? new Set(loadConfig(configPath).categories.map((c) => c.id)) : undefined;
  const checked = validateRecords(records, categories);
  problems.push(...checked.problems);
  if (problems.length > 0) {
    for (const p of problems) console.error(`${p.where}: ${p.field}: ${p.message}`);
    console.error(`\n${problems.length} problem(s); nothing was imported.`);
    return 1;
  }
  if (values['dry-run']) {
    console.log(`${checked.entries.length} entries are valid (dry run: nothing written).`);
    return 0;
  }
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  });
  try {
    const store = createKnowledgeStore(db, defaultAnalyzer());
    if (values.reindex) console.log(`re-indexed ${await store.reindex()} entries`);
    if (checked.entries.length > 0) {
      const result = await store.importEntries(checked.entries);
      console.log(
        `imported ${checked.entries.length} entries: ${result.created} new, ${result.updated} updated`,
      );
    }
  } finally {
    await db.close();
  }
  return 0;
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
