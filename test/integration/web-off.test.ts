// /web while the web pages are off (no WEB_BASE_URL): a page saying so and naming the settings
// that turn them on, in the browser's language — not the bare JSON 404 of an unknown path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/app/env.js';
import { type RunningApp, startApp } from '../../src/main/compose.js';

describe('web pages switched off', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      ITSS_CONFIG: 'config/example.en.yaml',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
    };
    app = await startApp(readSettings(env), { env, modules: [] });
  }, 60_000);
  afterAll(() => app?.stop());

  const get = (path: string, language: string) =>
    fetch(`http://127.0.0.1:${app.port}${path}`, {
      headers: { accept: 'text/html', 'accept-language': language },
      redirect: 'manual',
    });

  it.each(['/web', '/web/', '/web/queue', '/web/incidents/some-id'])(
    '%s: a page naming WEB_BASE_URL, in English',
    async (path) => {
      const res = await get(path, 'en-GB,en;q=0.9');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const body = await res.text();
      expect(body).toContain('<title>The web pages are off</title>');
      expect(body).toContain('WEB_BASE_URL');
      expect(body).toContain('docs/web.md');
      expect(body).not.toContain('web.css'); // not served while the pages are off
    },
  );

  it('says it in Chinese to a Chinese browser', async () => {
    const body = await (await get('/web/reports', 'zh-CN,zh;q=0.9')).text();
    expect(body).toContain('<html lang="zh-CN">');
    expect(body).toContain('网页未开启');
    expect(body).toContain('WEB_BASE_URL');
  });

  it('leaves other unknown paths their JSON 404', async () => {
    const res = await get('/webhooks', 'en');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found', path: '/webhooks' });
  });
});
