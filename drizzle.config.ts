// drizzle-kit: `npm run db:generate` diffs db/schema.ts against the last snapshot in
// db/migrations/meta and writes the next SQL migration. See db/README.md for the hand edits.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
});
