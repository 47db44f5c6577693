// `npm run bench -- slack --sender c`: the open loop sent by bench/open-loop-sender.c instead of
// this Node process, so that the sender takes little of the two vCPUs it shares with the servers
// and PostgreSQL (the Node sender's own CPU per request is printed beside it). Built with the
// machine's cc on first use; the requests are signed in advance (Slack accepts a timestamp up to
// 5 minutes old) and written whole (request line, headers, body) to a file it reads before the run.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { OpenLoopResult } from './open-loop.js';
import type { LoadRequest } from './slack-sign.js';

const SOURCE = new URL('./open-loop-sender.c', import.meta.url).pathname;

/** The compiled sender, one per version of its source. */
function binary(): string {
  const source = readFileSync(SOURCE);
  const bin = join(
    tmpdir(),
    `open-loop-sender-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`,
  );
  if (!existsSync(bin)) execFileSync('cc', ['-O2', '-Wall', '-o', bin, SOURCE], { stdio: 'inherit' });
  return bin;
}

export interface CSent extends Omit<OpenLoopResult, 'sent'> {
  /** When each request left (ms from the first due time) and its latency from then, for the trace. */
  sent: { at: number; latency: number }[];
  cpuMs: number;
  wallMs: number;
}

/**
 * Connects `connections` keep-alive connections, then calls `ready` (the servers start counting),
 * then sends `requests` at `rate`/s to POST `path`.
 */
export async function sendWithC(
  port: number,
  path: string,
  rate: number,
  connections: number,
  requests: LoadRequest[],
  ready: () => Promise<unknown>,
): Promise<CSent> {
  const file = join(tmpdir(), `slack-requests-${process.pid}.bin`);
  writeFileSync(file, Buffer.concat(requests.map((r) => serialize(port, path, r))));
  const child = spawn(binary(), ['127.0.0.1', String(port), String(rate), String(connections), file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  if ((await lines.next()).value !== 'ready') throw new Error('the C sender did not connect');
  await ready();
  const start = performance.now();
  child.stdin.end('go\n');
  const samples: OpenLoopResult['samples'] = [];
  const sendLag: number[] = [];
  const sent: CSent['sent'] = [];
  let cpuMs = 0;
  const interval = 1000 / rate;
  for (let r = await lines.next(); !r.done; r = await lines.next()) {
    const [a, b, c] = String(r.value).split(' ');
    if (a === 'cpu_ms') {
      cpuMs = Number(b);
      continue;
    }
    const [latency, lag, status] = [Number(a), Number(b), Number(c)];
    sent.push({ at: sent.length * interval + lag, latency: latency - lag });
    sendLag.push(lag);
    samples.push({ latency, error: status === 200 ? null : `HTTP ${status}` });
  }
  const wallMs = performance.now() - start;
  const elapsed = wallMs / 1000;
  rmSync(file, { force: true });
  return { samples, sent, elapsed, sendLagMax: Math.max(0, ...sendLag), sendLag, cpuMs, wallMs };
}

function serialize(port: number, path: string, r: LoadRequest): Buffer {
  const body = Buffer.from(r.body);
  const headers = { host: `127.0.0.1:${port}`, ...r.headers, 'content-length': String(body.length) };
  const head = `POST ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  const whole = Buffer.concat([Buffer.from(head), body]);
  return Buffer.concat([Buffer.from(`${whole.length}\n`), whole]);
}
