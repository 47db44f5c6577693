// PGlite keeps a whole PostgreSQL in one process; two processes on the same data directory
// would corrupt it silently. A lock file holding the owner's pid makes the second one refuse.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `PGlite data directory ${dataDir} is in use by process ${pid}` +
        `${pid === process.pid ? ' (this process)' : ''}. ` +
        'PGlite allows one process per data directory: stop that process, ' +
        'or set DATA_DIR to another directory, or set DATABASE_URL to use PostgreSQL.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** Lock files this process holds: tells "opened twice here" from "left by an earlier us". */
const heldHere = new Set<string>();

export const lockFilePath = (dataDir: string): string => join(resolve(dataDir), '.lock');

/**
 * Takes `${dataDir}/.lock` (created with `wx`, so only one creator wins). A lock whose pid is
 * dead is stale and taken over. Our own pid counts as stale unless this process holds it: in a
 * container the app is often pid 1 on every start, so a crash must not lock it out forever.
 */
export async function acquireDataDirLock(
  dataDir: string,
  log: (msg: string) => void = () => {},
): Promise<DataDirLock> {
  const path = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await tryCreate(path)) return held(path);
    const holder = await readHolder(path);
    if (holder === undefined) continue; // vanished between create and read: try again
    if (holder !== null && isLive(holder, path)) throw new DataDirLockedError(resolve(dataDir), holder);
    log(`taking over stale lock ${path} (process ${holder ?? '?'} is gone)`);
    await removeIfHolder(path, holder);
  }
  throw new Error(`could not take the lock ${path}: it keeps changing hands`);
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** The pid in the lock file; null when unreadable garbage; undefined when the file is gone. */
async function readHolder(path: string): Promise<number | null | undefined> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function isLive(pid: number, path: string): boolean {
  if (pid === process.pid) return heldHere.has(path);
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user — still alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Re-checks the content first so we do not delete a lock someone else just took over. */
async function removeIfHolder(path: string, holder: number | null): Promise<void> {
  if ((await readHolder(path)) === holder) await rm(path, { force: true });
}

function held(path: string): DataDirLock {
  heldHere.add(path);
  return {
    path,
    async release() {
      if (!heldHere.delete(path)) return;
      await removeIfHolder(path, process.pid);
    },
  };
}
