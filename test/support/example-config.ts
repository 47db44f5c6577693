// config/example.en.yaml as a test's bot reads it, but with the coming years vouched for
// (calendar.extra_covered_years): the example leaves the next year uncovered, so a bot started
// in December posts the managers' provisional-year warning — a delivery that a test counting
// its deliveries must not meet on some days of the year and not others.
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
  const path = join(mkdtempSync(join(tmpdir(), 'itss-example-')), 'example.yaml');
  writeFileSync(path, vouched);
  return path;
}
