// Review evidence: /web/incidents/<number> with a configured number_prefix other than INC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/app/env.js';
import { actorById } from '../../src/app/identity.js';
import type { Incident } from '../../src/core/types.js';
import { type RunningApp, startApp } from '../../src/main/compose.js';

const env = {
  PORT: '0',
  HOST: '127.0.0.1',
  ITSS_CONFIG: 'test/fixtures/review/prefix-sd.yaml',
  DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  WEB_BASE_URL: 'https://itss.example.com',
  WEB_TRUSTED_USER_HEADER: 'X-Forwarded-User',
};

describe('the incident page by number, number_prefix SD', () => {
  let app: RunningApp;
  let incident: Incident;
  beforeAll(async () => {
    app = await startApp(readSettings(env), { env, modules: [] });
    const input = { title: 'VPN down', description: 'since 9am', service: null, severity: null };
    ({ incident } = await app.service.report(input, actorById(app.config, 'gao')));
  }, 60_000);
  afterAll(() => app?.stop());

  it('opens SD-000001 by its number', async () => {
    expect(incident.number).toMatch(/^SD-\d{6}$/);
    const res = await fetch(`http://127.0.0.1:${app.port}/web/incidents/${incident.number}`, {
      headers: { 'x-forwarded-user': 'alice' },
    });
    expect(res.status).toBe(200);
  });
});
