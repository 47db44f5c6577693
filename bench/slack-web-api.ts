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
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      ts += 1;
      const stamp = `1781000000.${String(ts).padStart(6, '0')}`;
      const answer: Record<string, unknown> =
        method === 'auth.test'
          ? { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }
          : method === 'conversations.open'
            ? { ok: true, channel: { id: `D${ts}` } }
            : {
                ok: true,
                channel: channelOf(req.headers['content-type'], chunks),
                ts: stamp,
                message_ts: stamp,
              };
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

/**
 * The conversation a call names, as Slack answers it: a message is posted where it was asked to
 * be (a channel id comes back as sent). A fixed answer made every card's kept place a channel the
 * configuration never names, so each thread reply missed its card, read the incident's cards again
 * and was posted outside the thread (0.12 statements per transition of the core bench).
 */
function channelOf(contentType: string | undefined, chunks: readonly Buffer[]): string {
  const body = Buffer.concat(chunks).toString('utf8');
  try {
    const channel = contentType?.includes('json')
      ? (JSON.parse(body) as { channel?: unknown }).channel
      : new URLSearchParams(body).get('channel');
    return typeof channel === 'string' && channel !== '' ? channel : 'C1';
  } catch {
    return 'C1';
  }
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
