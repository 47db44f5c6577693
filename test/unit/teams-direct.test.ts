// POST /api/messages read without Express (adapters/teams/direct.ts) answers every request as the
// Express route alone does: the same requests — plain, odd and refused — sent to a server with the
// direct path and to one with only the Express route, their answers compared (status, headers but
// the date, body, a dropped connection).
import { AsyncLocalStorage } from 'node:async_hooks';
import { IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES_PATH, mountTeams, type Teams } from '../../adapters/teams/start.js';
import { createHttpServer, type HttpServer } from '../../src/app/http.js';
import { noMetrics } from '../../src/app/metrics.js';

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

interface Sent {
  path?: string;
  headers: Record<string, string>;
  body: Buffer | Buffer[];
  /** Milliseconds between the body's parts: each arrives in a read of its own. */
  pause?: number;
}

/** A bot that echoes what it was given; `fail` makes it reject, before or after answering. */
function echoTeams(
  local: boolean,
  seen: { direct: number; express: number },
  scope: AsyncLocalStorage<string>,
): Teams {
  const handle = async (req: IncomingMessage & { body?: Record<string, unknown> }, res: ServerResponse) => {
    // Express swaps the request's prototype for its own (which inherits Node's).
    if (Object.getPrototypeOf(req) === IncomingMessage.prototype) seen.direct++;
    else seen.express++;
    const body = req.body as Record<string, unknown> | undefined;
    if (body?.fail === 'before') throw new Error('turn failed');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    if (body?.fail === 'after') {
      res.write('{"partial":');
      throw new Error('turn failed after answering');
    }
    res.end(JSON.stringify({ got: body ?? null, type: typeof body, scope: scope.getStore() ?? null }));
  };
  return { local, handle } as unknown as Teams;
}

async function serve(local: boolean, direct: boolean) {
  const seen = { direct: 0, express: 0 };
  const timed: string[] = [];
  const metrics = {
    ...noMetrics,
    httpRequest: (platform: string, route: string, status: number) =>
      timed.push(`${platform} ${route} ${status}`),
  };
  const log = pino({ level: 'silent' });
  const http = createHttpServer({ port: 0, host: '127.0.0.1', health: async () => ({}), log, metrics });
  const target: Pick<HttpServer, 'app' | 'direct'> = direct ? http : { app: http.app, direct: () => {} };
  // What compose.ts does with the configuration: every request runs pinned (HttpServer.scope).
  const scope = new AsyncLocalStorage<string>();
  http.scope((work) => scope.run('pinned', work));
  mountTeams(target, echoTeams(local, seen, scope));
  const server = await http.listen();
  return { http, seen, timed, port: (server.address() as AddressInfo).port };
}

function send(port: number, s: Sent): Promise<Answer | 'dropped'> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: s.path ?? MESSAGES_PATH,
      headers: s.headers,
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => resolve('dropped'));
      res.on('aborted', () => resolve('dropped'));
      res.on('end', () => {
        const { date: _date, ...headers } = res.headers;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve('dropped') : reject(err),
    );
    const parts = Array.isArray(s.body) ? s.body : [s.body];
    const write = (i: number): void => {
      if (i === parts.length) return void req.end();
      req.write(parts[i]);
      if (s.pause) setTimeout(() => write(i + 1), s.pause);
      else write(i + 1);
    };
    req.flushHeaders();
    if (s.pause) setTimeout(() => write(0), s.pause);
    else write(0);
  });
}

const json = (body: string | Buffer, headers: Record<string, string> = {}): Sent => {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(bytes.length),
      ...headers,
    },
    body: bytes,
  };
};

const ACTIVITY = JSON.stringify({ type: 'invoke', name: 'adaptiveCard/action', text: '中文 — ok', n: 1 });

const CASES: Record<string, Sent> = {
  'a plain JSON object': json(ACTIVITY),
  'without a charset': json(ACTIVITY, { 'content-type': 'application/json' }),
  'a JSON object in two packets': {
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(ACTIVITY)) },
    body: [Buffer.from(ACTIVITY.slice(0, 10)), Buffer.from(ACTIVITY.slice(10))],
  },
  'a JSON object arriving after its headers, in two parts': {
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(ACTIVITY)) },
    body: [Buffer.from(ACTIVITY.slice(0, 10)), Buffer.from(ACTIVITY.slice(10))],
    pause: 30,
  },
  'malformed JSON': json('{"type": "invoke",'),
  'an object with trailing text': json('{"a":1} x'),
  'a JSON array': json('[1,2]'),
  'a JSON string': json('"hello"'),
  'leading whitespace': json(' \n{"a":1}'),
  'a byte-order mark': json(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])),
  'a malformed UTF-8 sequence': json(
    Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
  ),
  'a replacement character typed as such': json('{"a":"\ufffd"}'),
  'an empty body': json(''),
  null: json('null'),
  'text/plain': json(ACTIVITY, { 'content-type': 'text/plain' }),
  'upper-case content type': json(ACTIVITY, { 'content-type': 'Application/JSON' }),
  latin1: json(ACTIVITY, { 'content-type': 'application/json; charset=latin1' }),
  'utf-16 declared': json(ACTIVITY, { 'content-type': 'application/json; charset=utf-16' }),
  gzip: json(gzipSync(Buffer.from(ACTIVITY)), { 'content-encoding': 'gzip' }),
  'an unknown encoding': json(ACTIVITY, { 'content-encoding': 'br2' }),
  chunked: {
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    body: [Buffer.from(ACTIVITY.slice(0, 5)), Buffer.from(ACTIVITY.slice(5))],
  },
  'too large': json(`{"a":"${'x'.repeat(1024 * 1024)}"}`),
  'exactly the limit': json(`{"a":"${'x'.repeat(1024 * 1024 - 8)}"}`),
  'one byte over the limit': json(`{"a":"${'x'.repeat(1024 * 1024 - 7)}"}`),
  'a query string': { ...json(ACTIVITY), path: `${MESSAGES_PATH}?x=1` },
  'a turn that fails': json('{"fail":"before"}'),
  'a turn that fails after answering': json('{"fail":"after"}'),
  'a token that is not RSA-signed': json(ACTIVITY, { authorization: 'Bearer abc.def.ghi' }),
};

describe.each([true, false])('POST /api/messages, local %s: direct path and Express route alike', (local) => {
  let direct: Awaited<ReturnType<typeof serve>>;
  let viaExpress: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    direct = await serve(local, true);
    viaExpress = await serve(local, false);
  });
  afterAll(async () => {
    await direct?.http.close();
    await viaExpress?.http.close();
  });

  it.each(Object.keys(CASES))('%s', async (name) => {
    const sent = CASES[name] as Sent;
    const ours = await send(direct.port, sent);
    const theirs = await send(viaExpress.port, sent);
    expect(ours).toEqual(theirs);
    // Timed as Express times it: once, as the same route, with the same status.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(direct.timed.splice(0)).toEqual(viaExpress.timed.splice(0));
  });

  it('reads the plain requests itself and leaves the rest to Express', async () => {
    const before = { ...direct.seen };
    await send(direct.port, CASES['a plain JSON object'] as Sent);
    await send(direct.port, CASES['a JSON object in two packets'] as Sent);
    await send(direct.port, CASES.gzip as Sent);
    const answer = await send(direct.port, CASES['a JSON array'] as Sent);
    if (local) expect(answer).toMatchObject({ body: '{"got":[1,2],"type":"object","scope":"pinned"}' });
    expect(direct.seen.direct - before.direct).toBe(local ? 2 : 0);
    expect(direct.seen.express - before.express).toBe(local ? 2 : 0);
  });
});
