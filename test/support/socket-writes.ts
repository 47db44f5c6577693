// Counting what a piece of work writes to sockets (all sockets of the process: run one thing at
// a time). On a database connection a write is a round trip's worth of messages, which is what
// the round-trip tests count.
import { Socket } from 'node:net';

/** What `count` finds in each socket write `work` makes, summed; by default the writes. */
export async function countWrites(
  work: () => Promise<unknown>,
  count: (bytes: Uint8Array) => number = () => 1,
): Promise<number> {
  const write = Socket.prototype.write;
  let total = 0;
  Socket.prototype.write = function (this: Socket, ...args: Parameters<typeof write>) {
    total += count(args[0] as Uint8Array);
    return write.apply(this, args);
  } as typeof write;
  try {
    await work();
  } finally {
    Socket.prototype.write = write;
  }
  return total;
}

/** Statements run by these frontend messages: Execute ('E') and simple Query ('Q') messages. */
export function executedIn(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes);
  let n = 0;
  for (let at = 0; at + 5 <= buf.length; at += 1 + buf.readInt32BE(at + 1)) {
    const type = String.fromCharCode(buf[at] ?? 0);
    if (type === 'E' || type === 'Q') n++;
  }
  return n;
}
