// Public face of the storage layer for the composition root and tests.
export { type Database, dropSchema, type OpenOptions, type Orm, openDatabase } from './connect.js';
export { DataDirLockedError } from './data-dir-lock.js';
export { createStorage } from './repository.js';
export { queryRows } from './sql-rows.js';
export { createUnitOfWork } from './unit-of-work.js';
