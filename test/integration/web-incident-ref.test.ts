// /web/incidents/:id by the incident's number as well as its id (operator trial, docs/web.md):
// a desk says "INC-000001". Read as everywhere else; but by number, a person with no part in the
// incident gets exactly the answer for a number nobody has — numbers run in sequence and would
// otherwise tell a guesser which exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/app/env.js';
import { actorById } from '../../src/app/identity.js';
import type { Incident } from '../../src/core/types.js';
import { type RunningApp, startApp } from '../../src/main/compose.js';

const env = {
  PORT: '0',
  HOST: '127.0.0.1',
  ITSS_CONFIG: 'config/example.en.yaml',
  DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  WEB_BASE_URL: 'https://itss.example.com',
  WEB_TRUSTED_USER_HEADER: 'X-Forwarded-User',
};

describe('the incident page by number', () => {
  let app: RunningApp;
  let incident: Incident;
  beforeAll(async () => {
    app = await startApp(readSettings(env), { env, modules: [] });
    const input = { title: 'VPN 断线', description: 'since 9am', service: null, severity: null };
    ({ incident } = await app.service.report(input, actorById(app.config, 'gao')));
  }, 60_000);
  afterAll(() => app?.stop());

  const get = (path: string, user: string) =>
    fetch(`http://127.0.0.1:${app.port}${path}`, { headers: { 'x-forwarded-user': user } });
  const refusal = (body: string) => /data-refusal="([^"]+)"/.exec(body)?.[1];

  it('opens it by its number, in any case, and by its id, for whoever may read it', async () => {
    expect(incident.number).toMatch(/^INC-\d+$/);
    for (const ref of [incident.number, incident.number.toLowerCase(), incident.id]) {
      const res = await get(`/web/incidents/${ref}`, 'alice');
      expect(res.status, ref).toBe(200);
      expect(await res.text()).toContain(`${incident.number} · VPN 断线`);
    }
    expect((await get(`/web/incidents/${incident.number}`, 'gao')).status).toBe(200);
  });

  it('answers a number the person may not read exactly as a number nobody has', async () => {
    const hidden = await get(`/web/incidents/${incident.number}`, 'emre');
    const missing = await get('/web/incidents/INC-999999', 'emre');
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    const [a, b] = [await hidden.text(), await missing.text()];
    expect(refusal(a)).toBe('not_found');
    expect(a.replaceAll(incident.number, 'INC-999999')).toBe(b);
    expect(a).not.toContain('VPN 断线');
  });

  it('keeps the refusal by id as it was: no part in the incident', async () => {
    const res = await get(`/web/incidents/${incident.id}`, 'emre');
    expect(res.status).toBe(403);
    expect(refusal(await res.text())).toBe('not_yours');
  });
});
