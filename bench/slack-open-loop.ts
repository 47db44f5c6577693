// The Slack bench's continuous open-loop HTTP load (written beside bench/open-loop.ts, the Teams
// bench's, in the same session; one of them should absorb the other). Request i is due at
// t0 + i / rate whatever happened to the earlier ones, and its latency is measured from that
// planned time to the end of the answer — a server that falls behind shows its whole queue
// (no coordinated omission). The sender runs in a worker thread, so the caller's own work
// cannot delay it; how late the sender itself was is reported, so a sender that could not keep
// up (a loaded machine) is visible rather than hidden in the figures.
import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export interface LoadTarget {
  port: number;
  path: string;
  /** Requests per second; the run lasts requests.length / rate seconds. */
  rate: number;
  requests: readonly LoadRequest[];
}

export interface LoadResult {
  /** HTTP status per request, 0 for a transport error. */
  status: number[];
  /** Planned send time → end of answer, ms, per request. */
  latency: number[];
  /** Actual send time − planned send time, ms, per request (the sender's own lateness). */
  sendLag: number[];
}

const SENDER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, path, rate, requests } = workerData;
const n = requests.length;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4096 });
const status = new Array(n), latency = new Array(n), sendLag = new Array(n);
let done = 0;
const t0 = performance.now() + 50;
const planned = (i) => t0 + (i * 1000) / rate;
function finish(i, code) {
  status[i] = code;
  latency[i] = performance.now() - planned(i);
  if (++done === n) { agent.destroy(); parentPort.postMessage({ status, latency, sendLag }); }
}
function fire(i) {
  const { body, headers } = requests[i];
  sendLag[i] = performance.now() - planned(i);
  const req = http.request(
    { host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => finish(i, res.statusCode)); },
  );
  req.on('error', () => finish(i, 0));
  req.end(body);
}
let next = 0;
function tick() {
  const now = performance.now();
  while (next < n && planned(next) <= now) fire(next++);
  if (next >= n) return;
  const wait = planned(next) - performance.now();
  if (wait > 2) setTimeout(tick, wait - 1.5); else setImmediate(tick);
}
if (n === 0) parentPort.postMessage({ status, latency, sendLag }); else tick();
`;

/** Sends every request at its planned time; resolves once all are answered. */
export function openLoop(target: LoadTarget): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SENDER, { eval: true, workerData: target });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

/** Latencies of the requests answered with `ok` (errors are counted apart). */
export function answered(result: LoadResult, ok = 200): { latencies: number[]; errors: number } {
  const latencies = result.latency.filter((_, i) => result.status[i] === ok);
  return { latencies, errors: result.status.length - latencies.length };
}
