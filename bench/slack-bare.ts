// The reference for `npm run bench -- slack`, in a process of its own: a bare Bolt app on
// ExpressReceiver whose one listener only acks — what Bolt itself costs on this machine.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { serve } from './child.js';
import { startHeapProfile, startProfile } from './profile.js';
import { cpuMeter } from './runs.js';
import { BENCH_SECRET, BENCH_TOKEN } from './slack-sign.js';
import { gcWatch, tracing } from './slack-trace.js';

const app = express();
const receiver = new ExpressReceiver({ signingSecret: BENCH_SECRET, app });
const bolt = new App({
  token: BENCH_TOKEN,
  botId: 'BBENCH',
  botUserId: 'UBENCH',
  receiver,
  convoStore: false,
});
bolt.action(/.*/, async ({ ack }) => {
  await ack();
});
const server = createServer(app);
server.keepAliveTimeout = 120_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

let cpu = cpuMeter();
let gc: (() => Record<string, number>) | null = null;
let elu0 = performance.eventLoopUtilization();
let profile: { write: (file: string) => Promise<void>; file: string } | null = null;
const handlers = {
  begin: async (profileFile: string | null) => {
    cpu = cpuMeter();
    elu0 = performance.eventLoopUtilization();
    gc = tracing ? gcWatch() : null;
    profile = profileFile
      ? {
          write: await (profileFile.endsWith('.heapprofile') ? startHeapProfile : startProfile)(),
          file: profileFile,
        }
      : null;
    return null;
  },
  end: async () => {
    // Its loop's use too: ours shows its own, and the two saturate differently.
    const busy = performance.eventLoopUtilization(elu0).utilization;
    const out = { cpuMs: cpu(), busy, ...gc?.() };
    await profile?.write(profile.file);
    profile = null;
    return out;
  },
};
serve({ port: (server.address() as AddressInfo).port }, handlers, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
