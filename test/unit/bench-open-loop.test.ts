// The benches' sender: `openConnections` opens its n keep-alive connections before a run and
// never more, so a burst cannot overflow a server's listen queue (docs/slack.md, h/slack5).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnections, post } from '../../bench/open-loop.js';

let server: Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server that answers after 20 ms and counts the connections it accepted. */
async function countingServer(): Promise<{ url: string; connections: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.end('ok'), 20));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', () => n++);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, connections: () => n };
}

describe('openConnections', () => {
  it('opens its connections before the run, and a burst of 60 requests opens no more', async () => {
    const s = await countingServer();
    const agent = await openConnections(s.url, 8);
    expect(s.connections()).toBe(8);
    const answers = await Promise.all(Array.from({ length: 60 }, () => post(agent, s.url, 'x')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(s.connections()).toBe(8);
    agent.destroy();
  });

  it('keeps more than Node’s 256 idle sockets open when asked for more', async () => {
    const s = await countingServer();
    const agent = await openConnections(s.url, 300);
    expect(s.connections()).toBe(300);
    await Promise.all(Array.from({ length: 300 }, () => post(agent, s.url, 'x')));
    expect(s.connections()).toBe(300);
    agent.destroy();
  });

  it('with 0 opens on demand: the same burst opens many', async () => {
    const s = await countingServer();
    const agent = await openConnections(s.url, 0);
    expect(s.connections()).toBe(0);
    await Promise.all(Array.from({ length: 60 }, () => post(agent, s.url, 'x')));
    expect(s.connections()).toBeGreaterThan(8);
    agent.destroy();
  });
});
