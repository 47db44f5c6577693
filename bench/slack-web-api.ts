// A stand-in for Slack's Web API at a local address (SLACK_API_URL): answers every method the
// bot calls with a plausible `ok` body and counts the calls, so a bench measures our side of
// the wire — real HTTP, real JSON — with no workspace.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnChild } from './child.js';

export interface SlackWebApi {
  url: string;
  count(method: string): number;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startWebApi(): Promise<SlackWebApi> {
  const counts = new Map<string, number>();
  let ts = 0;
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace('/api/', '');
    counts.set(method, (counts.get(method) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      ts += 1;
      const stamp = `1781000000.${String(ts).padStart(6, '0')}`;
      const answer: Record<string, unknown> =
        method === 'auth.test'
          ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
          : method === 'conversations.open'
            ? { ok: true, channel: { id: `D${ts}` } }
            : { ok: true, channel: 'C1', ts: stamp, message_ts: stamp };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    count: (method) => counts.get(method) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    close: () => closeServer(server),
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The same stand-in in a child process (bench/web-api-child.ts); its counts come over IPC. */
export async function startWebApiProcess(): Promise<{
  url: string;
  total(): Promise<number>;
  close(): Promise<void>;
}> {
  const child = await spawnChild('web-api-child.ts');
  return {
    url: (child.ready as { url: string }).url,
    total: () => child.call<number>('total'),
    close: () => child.stop(),
  };
}
