import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpServer,
  type HealthReport,
  type HttpLog,
  type HttpServerOptions,
  healthChecks,
  ListenError,
} from '../../src/app/http.js';
import { WarmUp } from '../../src/app/warm-up.js';

// Pino must satisfy the port as-is: main wires it straight in.
const log: HttpLog = pino({ level: 'silent' });

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(
  health: () => Promise<HealthReport>,
  mount?: (app: express.Express) => void,
  closeTimeoutMs?: number,
  more: Pick<HttpServerOptions, 'drainMs' | 'platforms' | 'warming'> = {},
) {
  const http = createHttpServer({
    port: 0,
    host: '127.0.0.1',
    health,
    log,
    healthTimeoutMs: 500,
    closeTimeoutMs,
    ...more,
  });
  servers.push(http);
  mount?.(http.app);
  const server = await http.listen();
  const { port } = server.address() as AddressInfo;
  return { http, base: `http://127.0.0.1:${port}` };
}

describe('GET /healthz', () => {
  it('answers 200 with every check when all are ok', async () => {
    const { base } = await start(async () => ({ database: 'ok', redis: 'ok' }));
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
  });

  it('answers 503 naming the failing checks, with a thrown check reported by its message', async () => {
    const health = healthChecks({
      database: async () => undefined,
      redis: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
      disk: () => Promise.reject('read-only'),
    });
    const { base } = await start(health);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    // The database answers: the instance still takes commands, so 'degraded' (still 503).
    expect(await res.json()).toEqual({
      status: 'degraded',
      checks: { database: 'ok', redis: 'connect ECONNREFUSED 127.0.0.1:6379', disk: 'read-only' },
      failing: ['redis', 'disk'],
    });
  });

  it('answers 503 status error when the database fails, whatever else does', async () => {
    const { base } = await start(async () => ({
      database: 'connection refused',
      redis: 'down: ECONNREFUSED',
    }));
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'error', failing: ['database', 'redis'] });
  });

  it('answers 503 when a check returns a problem, the whole probe throws, or hangs', async () => {
    const cases: [() => Promise<HealthReport>, HealthReport][] = [
      [async () => ({ database: 'ok', redis: 'LOADING' }), { database: 'ok', redis: 'LOADING' }],
      [() => Promise.reject(new Error('pool closed')), { health: 'pool closed' }],
      [() => new Promise<HealthReport>(() => {}), { health: 'timed out after 500 ms' }],
    ];
    for (const [health, checks] of cases) {
      const { base } = await start(health);
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: unknown }).checks).toEqual(checks);
    }
  });
});

describe('GET /livez and /readyz', () => {
  it('/livez answers 200 while the process runs, whatever its dependencies say', async () => {
    const { base } = await start(async () => ({ database: 'down: ECONNREFUSED' }));
    const res = await fetch(`${base}/livez`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'alive' });
  });

  it('/readyz is ready when all is well, still ready (degraded) without Redis, not ready without the database', async () => {
    const ready = await start(async () => ({ database: 'ok', redis: 'ok' }));
    const ok = await fetch(`${ready.base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'ok' },
      platforms: {},
      failing: [],
    });

    const noRedis = await start(async () => ({ database: 'ok', redis: 'down: ECONNREFUSED' }));
    const degraded = await fetch(`${noRedis.base}/readyz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ status: 'degraded', failing: ['redis'] });

    const noDb = await start(async () => ({ database: 'down: ECONNREFUSED', redis: 'ok' }));
    const notReady = await fetch(`${noDb.base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('cache-control')).toBe('no-store');
    expect(await notReady.json()).toMatchObject({ status: 'not_ready', failing: ['database'] });
  });

  it('/readyz names each chat platform; a failing one makes it degraded, not unready', async () => {
    const lastDeliveryAt = '2026-12-05T08:00:00.000Z';
    const platforms = {
      slack: { state: 'ok' as const, lastDeliveryAt },
      email: {
        state: 'failing' as const,
        error: 'EAUTH',
        since: lastDeliveryAt,
        failures: 3,
        lastDeliveryAt: null,
      },
    };
    const { base } = await start(async () => ({ database: 'ok' }), undefined, undefined, {
      platforms: () => platforms,
    });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'degraded',
      checks: { database: 'ok' },
      platforms,
      failing: ['platforms.email'],
    });
    // /healthz (Docker's probe) is about this instance's dependencies, not a platform's answers.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('/readyz says starting while something warms up; /healthz does not wait for it', async () => {
    const { base } = await start(async () => ({ database: 'ok' }), undefined, undefined, {
      warming: () => ['knowledge analyzer'],
    });
    const starting = await fetch(`${base}/readyz`);
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ status: 'starting', warming: ['knowledge analyzer'] });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('the warm-up starts after the first answer, and /readyz is ready once it is done', async () => {
    const warmUp = new WarmUp(log as unknown as ConstructorParameters<typeof WarmUp>[0]);
    let built = false;
    warmUp.add('knowledge analyzer', { work: () => (built = true), done: () => built });
    const builtAtProbe: boolean[] = [];
    const health = async () => {
      builtAtProbe.push(built);
      return { database: 'ok' };
    };
    const { http, base } = await start(health, undefined, undefined, { warming: () => warmUp.names() });
    warmUp.startAfterFirstAnswer(await http.listen());
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(builtAtProbe).toEqual([false]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(built).toBe(true);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok' },
      platforms: {},
      failing: [],
    });
  });

  it('/readyz answers 503 stopping from the moment close() begins, while requests are still served', async () => {
    const { http, base } = await start(async () => ({ database: 'ok' }), undefined, undefined, {
      drainMs: 2_000,
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const closed = http.close();
    const stopping = await fetch(`${base}/readyz`);
    expect(stopping.status).toBe(503);
    expect(stopping.headers.get('cache-control')).toBe('no-store');
    expect(await stopping.json()).toEqual({ status: 'stopping' });
    // Draining: everything else still answers until the load balancer has moved away.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    await closed;
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();
  });

  it('/readyz is not ready when the probe itself hangs', async () => {
    const { base } = await start(() => new Promise<HealthReport>(() => {}));
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'not_ready', failing: ['health'] });
  });
});

describe('other routes', () => {
  it('says what it is on /', async () => {
    const { base } = await start(async () => ({}));
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toContain('/healthz');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { base } = await start(async () => ({}));
    const res = await fetch(`${base}/nope?x=1`, { method: 'POST', body: 'a=b' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', path: '/nope' });
  });

  it('still reaches routes mounted after creation, and leaves the raw body to them', async () => {
    const { base } = await start(
      async () => ({}),
      (app) => {
        app.post('/raw', async (req, res) => {
          // No global parser ran: the stream is untouched, as Bolt's signature check needs.
          expect(req.body).toBeUndefined();
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          res.type('text/plain').send(Buffer.concat(chunks));
        });
        app.post('/json', express.json(), (req, res) => {
          res.json({ got: req.body });
        });
      },
    );
    const raw = await fetch(`${base}/raw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a": 1}',
    });
    expect(await raw.text()).toBe('{"a": 1}');
    const bad = await fetch(`${base}/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toHaveProperty('error');
  });

  it('hides internal errors behind a JSON 500', async () => {
    const { base } = await start(
      async () => ({}),
      (app) => {
        app.get('/boom', async () => {
          throw new Error('secret detail');
        });
      },
    );
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal_error' });
  });
});

describe('close()', () => {
  it('lets an in-flight request finish while refusing new connections', async () => {
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const reached = new Promise<void>((r) => {
      entered = r;
    });
    const { http, base } = await start(
      async () => ({}),
      (app) => {
        app.get('/slow', async (_req, res) => {
          entered();
          await gate;
          res.send('done');
        });
      },
    );
    const slow = fetch(`${base}/slow`);
    await reached;
    const closed = http.close();
    // While the slow request is still held open, new connections are already refused…
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    // …and the held request still completes once its handler does.
    release();
    expect(await (await slow).text()).toBe('done');
    await closed;
    await http.close(); // idempotent
  });

  it('cuts a request that outlives the grace period, so close() always returns', async () => {
    let entered: () => void = () => {};
    const reached = new Promise<void>((r) => {
      entered = r;
    });
    const { http, base } = await start(
      async () => ({}),
      (app) => {
        app.get('/stuck', () => {
          entered();
          return new Promise<void>(() => {}); // never answers
        });
      },
      100,
    );
    const outcome = fetch(`${base}/stuck`).then(
      () => 'answered',
      () => 'cut',
    );
    await reached;
    await http.close();
    expect(await outcome).toBe('cut');
  });
});

describe('listen', () => {
  it('a taken port is one ListenError line naming the port and PORT, not Node stack text', async () => {
    const { base } = await start(async () => ({}));
    const port = Number(new URL(base).port);
    const second = createHttpServer({ port, host: '127.0.0.1', health: async () => ({}), log });
    servers.push(second);
    const error = await second.listen().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListenError);
    expect((error as Error).message).toBe(
      `http: cannot listen: port ${port} on 127.0.0.1 is already in use by another process; set PORT to a free port (EADDRINUSE)`,
    );
  });
});
