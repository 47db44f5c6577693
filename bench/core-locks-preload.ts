// Preloaded into bench/core-ours.ts by bench/core-locks.ts: counts statements (Execute/Query messages) and socket writes
// to PostgreSQL (port 5432) over the process's life, and the relay's lock batch sizes; written to
// $COUNT_FILE at exit.
import { writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { watchStatements } from '../db/sql-rows.js';
import { executedIn } from '../test/support/socket-writes.js';

let statements = 0;
let writes = 0;
const lockBatches: number[] = [];
const write = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, ...args: Parameters<typeof write>) {
  if (this.remotePort === 5432 && typeof args[0] !== 'string') {
    statements += executedIn(args[0] as Uint8Array);
    writes++;
  }
  return write.apply(this, args);
} as typeof write;
watchStatements((s) => {
  if (s.name === 'lock_incidents') lockBatches.push((s.params[0] as unknown[]).length);
});
process.on('exit', () => {
  const sorted = [...lockBatches].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const lock = {
    n: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    max: sorted[sorted.length - 1] ?? 0,
    over100: sorted.filter((x) => x > 100).length,
    ids: sorted.reduce((a, b) => a + b, 0),
  };
  if (process.env.COUNT_FILE)
    writeFileSync(process.env.COUNT_FILE, JSON.stringify({ statements, writes, lock }));
});
