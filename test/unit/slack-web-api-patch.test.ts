// patches/@slack+web-api+8.2.0.patch: the Web API client builds its debug lines (the request's
// body and headers, the result, each serialised) only when its logger keeps debug lines. A
// message's text never goes through JSON.stringify for a line nobody logs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, ts: '1.2' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A logger at `level` that records every debug line it is handed. */
function recordingLogger(level: LogLevel) {
  const lines: string[] = [];
  const logger = {
    debug: (...msg: unknown[]) => lines.push(msg.join(' ')),
    info: () => {},
    warn: () => {},
    error: () => {},
    setLevel: () => {},
    getLevel: () => level,
    setName: () => {},
  };
  return { logger, lines };
}

async function post(level: LogLevel): Promise<string[]> {
  const { logger, lines } = recordingLogger(level);
  const client = new WebClient('xoxb-test', { slackApiUrl: url, logger, retryConfig: { retries: 0 } });
  await client.chat.postMessage({ channel: 'C1', text: 'printer on floor 3 is down' });
  return lines;
}

describe('Slack Web API client (patched)', () => {
  it('serialises nothing for debug lines when its logger is above debug', async () => {
    const lines = await post(LogLevel.INFO);
    expect(lines.some((l) => l.includes('http request body'))).toBe(false);
    expect(lines.some((l) => l.includes('http request result'))).toBe(false);
    expect(lines.join('\n')).not.toContain('printer on floor 3');
  });

  it('still writes them at debug, as before the patch', async () => {
    const lines = await post(LogLevel.DEBUG);
    expect(lines.some((l) => l.includes('http request body') && l.includes('printer on floor 3'))).toBe(true);
    expect(lines.some((l) => l.includes('http request result'))).toBe(true);
  });
});
