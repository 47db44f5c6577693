// patches/@slack+web-api+8.2.0.patch: the Web API client builds its debug lines (the request's
// body and headers, the result, each serialised) only when its logger keeps debug lines. A
// message's text never goes through JSON.stringify for a line nobody logs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'node:querystring';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let url: string;
let lastBody = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('latin1');
    });
    req.on('end', () => {
      lastBody = body;
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

  // The form body is escaped with encodeURIComponent (the patch's second part): byte for byte what
  // querystring's own escape made, including a lone surrogate, which encodeURIComponent refuses.
  it.each([
    ['ASCII with reserved characters', "a&b=c d+e/f?g#h%i'j(k)l*m!n~o_p.q-r"],
    ['Chinese, an emoji and a line break', '网络中断 · VPN down 🚨\n第二行'],
    ['a lone surrogate', 'broken \ud800 text'],
  ])('sends %s exactly as querystring escaped it', async (_what, text) => {
    const client = new WebClient('xoxb-test', { slackApiUrl: url, retryConfig: { retries: 0 } });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }];
    await client.chat.update({ channel: 'C1', ts: '1.2', text, blocks });
    expect(lastBody).toBe(stringify({ channel: 'C1', ts: '1.2', text, blocks: JSON.stringify(blocks) }));
  });
});
