// The guard of the one-statement click (db/held-incidents.ts) checks the incident row only (its
// version and revision). That is enough only while `decide` reads nothing but incidents,
// onsite_tasks and assignments, and onsite_tasks and assignments are written only by statements
// that write the incident row too: db/unit-of-work.ts's SECTIONS, whose rows are inserted only
// `WHERE EXISTS (SELECT 1 FROM inc)` (the incident's own write). A writer of those tables anywhere
// else would change what a click decides on without moving the revision the guard checks.
//
// What this scans: every .ts file of the live code (adapters/, db/ but its migrations, scripts/,
// src/), comments stripped. It fails on
//   1. a drizzle write of either table: .insert(onsiteTasks), .update(assignments), .delete(…);
//   2. SQL text writing either by name: INSERT INTO / UPDATE / DELETE FROM / TRUNCATE / COPY / MERGE;
//   3. in db/ (the only code with the database in hand), the tables' names as string literals
//      outside db/unit-of-work.ts's SECTIONS and schema.ts, or their row writers (onsiteJson,
//      assignmentJson) outside db/unit-of-work.ts and the files that define them
//      (incident-mapper.ts, record-mapper.ts);
//   4. SECTIONS' rows no longer joined to the incident write.
// Reads (db/history-queries.ts, reports, …) use the drizzle table objects and are not flagged.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const LIVE = ['adapters', 'db', 'scripts', 'src'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'migrations' || entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Block and line comments removed (enough for this code base: no `//` inside its strings here). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const files = LIVE.flatMap((dir) => sources(join(ROOT, dir))).map((path) => ({
  file: relative(ROOT, path).replaceAll('\\', '/'),
  text: code(readFileSync(path, 'utf8')),
}));

const DRIZZLE_WRITE = /\.(insert|update|delete)\(\s*(onsiteTasks|assignments)\s*\)/;
const SQL_WRITE =
  /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(\s+TABLE)?|COPY|MERGE\s+INTO)\s+(ONLY\s+)?("?\w+"?\.)?"?(onsite_tasks|assignments)\b/i;
const NAMED = /['"`](onsite_tasks|assignments)['"`]/;
const WRITERS = /\b(onsiteJson|assignmentJson)\b/;

/** db/unit-of-work.ts without its SECTIONS array (the one place the tables are written). */
function outsideSections(text: string): string {
  const start = text.indexOf('const SECTIONS');
  const end = text.indexOf('\n];', start);
  if (start < 0 || end < 0) throw new Error('db/unit-of-work.ts: SECTIONS not found');
  return text.slice(0, start) + text.slice(end);
}

describe('onsite_tasks and assignments are written only with the incident row', () => {
  it('scans the live code', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.file === 'db/unit-of-work.ts')).toBe(true);
  });

  it('has no drizzle write and no SQL write of either table', () => {
    const found = files
      .filter((f) => DRIZZLE_WRITE.test(f.text) || SQL_WRITE.test(f.text))
      .map((f) => f.file);
    expect(found).toEqual([]);
  });

  it('in db/, names the tables only in SECTIONS (and schema.ts), and uses their row writers only there', () => {
    const db = files.filter((f) => f.file.startsWith('db/'));
    const named = db
      .filter((f) => f.file !== 'db/schema.ts')
      .filter((f) => NAMED.test(f.file === 'db/unit-of-work.ts' ? outsideSections(f.text) : f.text))
      .map((f) => f.file);
    expect(named).toEqual([]);
    const writers = db
      .filter((f) => !['db/unit-of-work.ts', 'db/incident-mapper.ts', 'db/record-mapper.ts'].includes(f.file))
      .filter((f) => WRITERS.test(f.text))
      .map((f) => f.file);
    expect(writers).toEqual([]);
  });

  it("inserts SECTIONS' rows only when the incident's own write did (WHERE EXISTS (SELECT 1 FROM inc))", () => {
    const text = files.find((f) => f.file === 'db/unit-of-work.ts')?.text ?? '';
    const rowsFrom = /const rowsFrom = [^;]*;/.exec(text)?.[0] ?? '';
    expect(rowsFrom).toContain('WHERE EXISTS (SELECT 1 FROM inc)');
    const sections = text.slice(
      text.indexOf('const SECTIONS'),
      text.indexOf('\n];', text.indexOf('const SECTIONS')),
    );
    for (const table of ['onsite_tasks', 'assignments'])
      expect(sections).toMatch(new RegExp(`appendRows\\('${table}'`));
    expect(sections).not.toMatch(/INSERT INTO (onsite_tasks|assignments)/);
  });
});
