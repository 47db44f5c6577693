// Child process for the data-directory lock test: tries to open PGlite in argv[2].
// Prints "opened" and exits 0, or prints the error message to stderr and exits 3.
import { openDatabase } from '../../db/connect.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: open-pglite.ts <dataDir>');
try {
  const db = await openDatabase({ dataDir });
  await db.close();
  console.log('opened');
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 3;
}
