// The Slack WebClient over our fetch (adapters/slack/web-fetch.ts), against a local Web API over
// real HTTP: what WebClient reads of an answer (body, scopes, errors, rate limits, timeouts), and
// connections kept alive.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApiFetch } from '../../adapters/slack/web-fetch.js';

const { ErrorCode, WebClient } = webApi;

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('Slack Web API calls through webApiFetch', () => {
  let server: Server;
  let url = '';
  let handler: Handler = () => {};
  let connections = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => handler(req, body, res));
    });
    server.on('connection', () => {
      connections++;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const client = (agent = new Agent({ connections: 1 }), timeout = 0, fetchTimeoutMs?: number) =>
    new WebClient('xoxb-test', {
      slackApiUrl: url,
      fetch: webApiFetch(agent, fetchTimeoutMs),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout,
    });

  const json = (
    res: ServerResponse,
    status: number,
    answer: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(answer));
  };

  it('posts the form body with the token and reads the answer and its scope headers', async () => {
    let seen: { path?: string; auth?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { path: req.url, auth: req.headers.authorization, body };
      json(
        res,
        200,
        { ok: true, channel: 'C1', ts: '1.000001' },
        { 'x-oauth-scopes': 'chat:write, users:read' },
      );
    };
    const answer = await client().chat.postMessage({ channel: 'C1', text: '网络中断 · VPN down' });
    expect(answer.ts).toBe('1.000001');
    expect(answer.response_metadata?.scopes).toEqual(['chat:write', 'users:read']);
    expect(seen.path).toBe('/api/chat.postMessage');
    expect(seen.auth).toBe('Bearer xoxb-test');
    expect(new URLSearchParams(seen.body).get('text')).toBe('网络中断 · VPN down');
  });

  it("turns Slack's error answer and an HTTP error into the WebClient's errors", async () => {
    handler = (_req, _body, res) => json(res, 200, { ok: false, error: 'channel_not_found' });
    await expect(client().chat.postMessage({ channel: 'C9', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'channel_not_found' },
    });
    handler = (_req, _body, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    };
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 502,
      body: 'bad gateway',
    });
  });

  it('reports a rate limit with its Retry-After, and the calls after it go through', async () => {
    const agent = new Agent({ connections: 1 });
    const web = client(agent);
    handler = (_req, _body, res) =>
      json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    await expect(web.chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
    handler = (_req, _body, res) => json(res, 200, { ok: true, ts: '1.2' });
    for (let i = 0; i < 3; i++)
      expect((await web.chat.update({ channel: 'C1', ts: '1.1', text: 'y' })).ok).toBe(true);
    await agent.close();
  });

  it('reads an answer that arrives in pieces whole', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":true,');
      setTimeout(() => res.end('"ts":"9.000001"}'), 20);
    };
    expect((await client().chat.postMessage({ channel: 'C1', text: 'x' })).ts).toBe('9.000001');
  });

  it('keeps its connections alive across calls, not one per call', async () => {
    const agent = new Agent({ connections: 4 });
    const web = client(agent);
    handler = (_req, _body, res) => json(res, 200, { ok: true });
    const before = connections;
    for (let i = 0; i < 10; i++) await web.auth.test();
    // undici may open a second before it sees the first free again; never one per call.
    expect(connections - before).toBeLessThanOrEqual(2);
    await agent.close();
  });

  it('gives up on an answer that never comes after the client timeout', async () => {
    handler = () => {}; // never answers
    await expect(client(new Agent(), 200).auth.test()).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
  });

  // The bot's client (adapters/slack/app.ts) has no client timeout and bounds calls in its fetch.
  it("gives up after the fetch's own timeout, with no client timeout, as the bot's client does", async () => {
    handler = () => {}; // never answers
    const started = performance.now();
    await expect(client(new Agent(), 0, 200).auth.test()).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    // An answer whose body stops half way fails the same way.
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"ok":');
    };
    await expect(client(new Agent(), 0, 200).auth.test()).rejects.toMatchObject({
      code: ErrorCode.RequestError,
    });
    // A prompt answer is not affected.
    handler = (_req, _body, res) => json(res, 200, { ok: true });
    expect((await client(new Agent(), 0, 200).auth.test()).ok).toBe(true);
  });
});
