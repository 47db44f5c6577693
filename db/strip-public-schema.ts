// Post-step for `drizzle-kit generate`: drizzle-kit writes `"public".` before sequences and
// foreign-key targets even though the tables themselves are unqualified. Our migrations must
// follow search_path (tests migrate into their own schema), so strip the qualifier.
// Usage: npx drizzle-kit generate && npx tsx db/strip-public-schema.ts
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PUBLIC_QUALIFIER = /"public"\./g;

const dir = fileURLToPath(new URL('./migrations/', import.meta.url));
for (const name of (await readdir(dir)).filter((f) => f.endsWith('.sql'))) {
  const sql = await readFile(dir + name, 'utf8');
  const stripped = sql.replace(PUBLIC_QUALIFIER, '');
  if (stripped !== sql) {
    await writeFile(dir + name, stripped);
    console.log(`stripped public schema qualifiers from ${name}`);
  }
}
