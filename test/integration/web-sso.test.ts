// The web pages behind the organisation's SSO proxy (docs/web.md): the configured header names
// the person, roles are still checked per request, and without the setting the header is ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/app/env.js';
import { type RunningApp, startApp } from '../../src/main/compose.js';

const base = (env: Record<string, string>) => ({
  PORT: '0',
  HOST: '127.0.0.1',
  ITSS_CONFIG: 'config/example.en.yaml',
  DATA_DIR: 'memory://',
  LOG_LEVEL: 'silent',
  WEB_BASE_URL: 'https://itss.example.com',
  ...env,
});

async function start(env: Record<string, string>): Promise<RunningApp> {
  const e = base(env);
  return startApp(readSettings(e), { env: e, modules: [] });
}

describe('web pages behind an SSO proxy', () => {
  let sso: RunningApp;
  let links: RunningApp;
  beforeAll(async () => {
    sso = await start({ WEB_TRUSTED_USER_HEADER: 'X-Forwarded-User' });
    links = await start({ WEB_LINK_SECRET: 'y'.repeat(40) });
  }, 60_000);
  afterAll(async () => {
    await sso?.stop();
    await links?.stop();
  });

  const get = (app: RunningApp, path: string, user?: string) =>
    fetch(`http://127.0.0.1:${app.port}${path}`, {
      headers: user ? { 'x-forwarded-user': user } : {},
      redirect: 'manual',
    });

  it('lets the person the proxy names in, by their configured roles', async () => {
    const ok = await get(sso, '/web/queue', 'alice');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Alice Martin');
    expect((await get(sso, '/web/queue', 'emre')).status).toBe(403);
    expect((await get(sso, '/web/queue')).status).toBe(401);
  });

  it('times the pages as one route in /metrics, never per incident', async () => {
    await get(sso, '/web/incidents/some-id', 'alice');
    const metrics = await (await get(sso, '/metrics')).text();
    expect(metrics).toContain('route="/web"');
    expect(metrics).not.toContain('some-id');
  });

  it('downloads the CSV export of a period for the desk, with a BOM; refuses others', async () => {
    const res = await get(sso, '/web/export/incidents.csv?period=2026-11', 'alice');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="incidents-2026-11.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toMatch(/^number,id,reported_at,/);
    const audit = await get(sso, '/web/export/audit.csv?period=week', 'alice');
    expect((await audit.text()).replace(/^\uFEFF/, '')).toMatch(/^number,event_id,at,step,action/);
    expect((await get(sso, '/web/export/incidents.csv?period=month', 'emre')).status).toBe(403);
    expect((await get(sso, '/web/export/secrets.csv?period=month', 'alice')).status).toBe(404);
    expect((await get(sso, '/web/export/incidents.csv?period=fortnight', 'alice')).status).toBe(400);
  });

  it('ignores the header when it is not configured', async () => {
    expect((await get(links, '/web/queue', 'alice')).status).toBe(401);
  });

  it('answers chat with the start page instead of a personal link', () => {
    expect(sso.web?.signInLink('alice', new Date())).toBeNull();
    expect(sso.web?.pageUrl('/web/')).toBe('https://itss.example.com/web/');
  });
});
