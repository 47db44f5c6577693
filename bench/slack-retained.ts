// `npx tsx bench/slack-retained.ts CLICK_FILE [N]`: how many bytes of heap one Slack request
// keeps alive while it waits — ours for its inbox commit, bare Bolt for a listener that has not
// acked yet. A count, not a timing: on a 1,500/s load every request still waiting at a scavenge
// is copied by it, so these bytes times the requests in flight are what each young-generation
// GC has to move. CLICK_FILE is one bench click's form body (BENCH_SLACK_SAMPLE=FILE `npm run
// bench -- slack …` writes one). Each side runs in a child process (`--expose-gc`): N requests
// are sent and held, the child collects garbage and reports its heap used against before.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeHeapSnapshot } from 'node:v8';
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { cleaningReceiver, refuseFutureRequests } from '../adapters/slack/edge.js';
import { durable } from '../adapters/slack/inbox.js';
import { Inbox } from '../src/app/inbox.js';
import type { InboxStore } from '../src/app/ports.js';
import { BENCH_SECRET, BENCH_TOKEN, signed } from './slack-sign.js';

type Side = 'ours' | 'bare';
/** Bolt answers a request not acked in 3 s itself: held longer here (a heap snapshot is slow). */
const HELD_MS = 600_000;
const held: (() => void)[] = [];
const hold = () => new Promise<void>((resolve) => held.push(resolve));

/** Ours' ack path (edge, durable, Inbox.handOff), the store holding each row as a commit would. */
function oursApp(web: express.Express): void {
  const store = {
    admit: async (entry: unknown) => {
      const row = JSON.stringify(entry); // the batch's JSON, kept until the commit returns
      await hold();
      return row.length > 0;
    },
  } as unknown as InboxStore;
  const inbox = new Inbox(
    store,
    { error: () => {}, warn: () => {}, info: () => {} } as never,
    {
      platform: 'slack',
      leaseMs: 30_000,
      sweepMs: 10_000,
      handOff: 'give',
    } as never,
  );
  web.post('/slack/events', refuseFutureRequests({ warn: () => {} }));
  const inner = new ExpressReceiver({
    signingSecret: BENCH_SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    app: web,
    unhandledRequestTimeoutMillis: HELD_MS,
  });
  const receiver = durable(cleaningReceiver(inner), inbox, undefined, undefined, () => true);
  new App({
    token: BENCH_TOKEN,
    botId: 'B',
    botUserId: 'U',
    receiver,
    convoStore: false,
    deferInitialization: true,
  });
}

/** Bare Bolt, its listener holding the ack as long as ours waits for the commit. */
function bareApp(web: express.Express): void {
  const receiver = new ExpressReceiver({
    signingSecret: BENCH_SECRET,
    app: web,
    unhandledRequestTimeoutMillis: HELD_MS,
  });
  const bolt = new App({ token: BENCH_TOKEN, botId: 'B', botUserId: 'U', receiver, convoStore: false });
  bolt.action(/.*/, async ({ ack }) => {
    await hold();
    await ack();
  });
}

async function child(side: Side): Promise<void> {
  const web = express();
  if (side === 'ours') oursApp(web);
  else bareApp(web);
  const server = createServer(web);
  server.keepAliveTimeout = 120_000; // as the bench's servers: the connections stay open between rounds
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const used = () => {
    (globalThis as unknown as { gc: () => void }).gc();
    return process.memoryUsage().heapUsed;
  };
  let before = 0;
  // SNAP=/tmp/x: heap snapshots before and while held (the last round's are kept), to compare.
  const afterSnap = (retained: number) => {
    if (process.env.SNAP) writeHeapSnapshot(`${process.env.SNAP}.${side}.after.heapsnapshot`);
    return retained;
  };
  process.on('message', (m: { do: string; n?: number }) => {
    if (m.do === 'before') {
      before = used();
      if (process.env.SNAP) writeHeapSnapshot(`${process.env.SNAP}.${side}.before.heapsnapshot`);
      process.send?.({ before });
    } else if (m.do === 'after') {
      const wait = () =>
        held.length >= (m.n ?? 0)
          ? process.send?.({ retained: afterSnap(used() - before), held: held.length })
          : setTimeout(wait, 20);
      wait();
    } else if (m.do === 'release') {
      for (const r of held.splice(0)) r();
    } else if (m.do === 'exit') server.close(() => process.exit(0));
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  const req = signed(body);
  return new Promise((resolve, reject) => {
    const r = request(
      { agent, port, host: '127.0.0.1', path: '/slack/events', method: 'POST', headers: req.headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

async function measure(side: Side, body: string, n: number): Promise<number> {
  const proc = fork(new URL(import.meta.url).pathname, ['--child', side], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
  });
  const next = () => new Promise<Record<string, number>>((r) => proc.once('message', r));
  const { port = 0 } = await next();
  const agent = new Agent({ keepAlive: true, maxSockets: n });
  // Warm: one round held and released, so code and pools are there before counting.
  const ask = async (msg: object) => {
    const answer = next();
    proc.send(msg);
    return answer;
  };
  for (const round of [0, 1]) {
    await ask({ do: 'before' });
    const sent = Array.from({ length: n }, () => post(agent, port, body));
    const { retained = 0 } = await ask({ do: 'after', n });
    proc.send({ do: 'release' });
    const codes = await Promise.all(sent);
    if (codes.some((c) => c !== 200)) throw new Error(`${side}: answers ${[...new Set(codes)].join(',')}`);
    if (round === 1) {
      proc.send({ do: 'exit' });
      agent.destroy();
      return retained / n;
    }
  }
  return 0;
}

if (process.argv[2] === '--child') await child(process.argv[3] as Side);
else {
  const [file, nArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: slack-retained.ts CLICK_FILE [N]');
  const body = readFileSync(file, 'utf8');
  const n = Number(nArg) || 256;
  for (const side of ['bare', 'ours', 'bare', 'ours'] as Side[])
    console.log(
      `${side}: ${((await measure(side, body, n)) / 1024).toFixed(1)} KB kept per request waiting (${n} waiting)`,
    );
}
