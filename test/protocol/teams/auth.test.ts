// Tokens that cannot be the Bot Framework's (issue 10 item 6): an unsigned (`alg: none`) or
// HMAC-signed (HS256) JWT gets 401 before botbuilder looks up any OpenID metadata or signing key.
// The metadata and keys are served by a local server that counts the requests; an RS256-looking
// token (bad signature) shows the count does move when botbuilder does look keys up.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeams, mountTeams } from '../../../adapters/teams/start.js';
import { createHttpServer, type HttpServer } from '../../../src/app/http.js';
import { TriageService } from '../../../src/app/triage-service.js';
import { knowledgeService, reportServices } from '../../../src/main/compose.js';
import { testConfig } from '../../fixtures/config.js';
import { backends, type OpenBackend } from '../../support/databases.js';

const APP_ID = '00000000-1111-2222-3333-444444444444';
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const claims = {
  iss: 'https://api.botframework.com',
  aud: APP_ID,
  serviceurl: 'http://127.0.0.1:1/',
  nbf: Math.floor(Date.now() / 1000) - 60,
  exp: Math.floor(Date.now() / 1000) + 3600,
};
const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
const hs256 = (() => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', 'guessable').update(head).digest('base64url')}`;
})();
const rs256Forged = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(claims)}.${Buffer.from('x'.repeat(256)).toString('base64url')}`;

describe('Teams: tokens that cannot be the Bot Framework’s are refused before any key lookup', () => {
  let metadata: Server;
  let lookups = 0;
  let backend: OpenBackend;
  let http: HttpServer;
  let base = '';

  beforeAll(async () => {
    metadata = createServer((req, res) => {
      // Never a usable answer, so botbuilder caches nothing and every lookup reaches us.
      lookups += 1;
      req.resume();
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    const metadataUrl = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/openid`;
    const found = await backends[0]?.open();
    if (!found) throw new Error('no database');
    backend = found;
    const config = testConfig();
    const service = new TriageService(backend.storage, config, { now: () => new Date() });
    const log = pino({ level: 'silent' });
    http = createHttpServer({ port: 0, host: '127.0.0.1', health: async () => ({}), log });
    const teams = createTeams(
      { appId: APP_ID, appPassword: 'secret', appType: 'MultiTenant', tenantId: '', local: false },
      {
        service,
        config,
        storage: backend.storage,
        log,
        knowledge: knowledgeService(backend.db, service),
        reports: reportServices(backend.db, config, { now: () => new Date() }).reports,
        authSettings: {
          ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
          ToBotFromChannelTokenIssuer: claims.iss,
        },
      },
    );
    mountTeams(http, teams);
    const server = await http.listen();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await http?.close();
    await backend?.close();
    await new Promise<void>((resolve) => metadata?.close(() => resolve()));
  });

  const post = (token: string) =>
    fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        type: 'message',
        id: 'a1',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:1/',
        from: { id: '29:x' },
        recipient: { id: '28:bot' },
        conversation: { id: 'a:chat', conversationType: 'personal' },
        text: 'help',
      }),
    });

  it.each([
    ['unsigned (alg: none)', unsigned],
    ['HMAC-signed (HS256)', hs256],
    ['not a JWT', 'just-a-string'],
  ])('%s → 401, no OpenID metadata or key fetched', async (_name, token) => {
    const before = lookups;
    expect((await post(token)).status).toBe(401);
    expect(lookups).toBe(before);
  });

  it('an RS256 token with a forged signature is looked up by botbuilder and refused (the counter works)', async () => {
    const before = lookups;
    expect((await post(rs256Forged)).status).not.toBe(200);
    expect(lookups).toBeGreaterThan(before);
  });
});
