// config/example.en.yaml as a test's bot reads it, without what it posts on its own depending on
// the date: the coming years are vouched for (calendar.extra_covered_years; the example leaves
// the next year uncovered, so a bot started in December posts the provisional-year warning), and
// no scheduled reports (a bot started on a Monday morning posts last week's). A test counting its
// deliveries must not meet them on some days and not others.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function exampleConfigCoveringComingYears(file = 'config/example.en.yaml'): string {
  const year = new Date().getUTCFullYear();
  const text = readFileSync(file, 'utf8');
  const vouched = text.replace(
    /^ {2}extra_covered_years: \[\]$/m,
    `  extra_covered_years: [${year + 1}, ${year + 2}]`,
  );
  if (vouched === text) throw new Error(`${file}: no empty extra_covered_years to replace`);
  const quiet = vouched.replace(/^( {4}weekly:) .*$/m, '$1 null').replace(/^( {4}monthly:) .*$/m, '$1 null');
  if (quiet === vouched) throw new Error(`${file}: no report schedule to turn off`);
  const path = join(mkdtempSync(join(tmpdir(), 'itss-example-')), 'example.yaml');
  writeFileSync(path, quiet);
  return path;
}
