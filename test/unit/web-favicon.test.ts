// Nit (desk trial): the pages asked for /favicon.ico and got a 404, an error in the browser's
// console. Every page links an icon the web routes serve (or, pages off, an empty data: icon).
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page } from '../../src/app/web/layout.js';
import { assetRoutes } from '../../src/app/web-server/assets-routes.js';

describe('the pages icon', () => {
  let server: ReturnType<express.Express['listen']>;
  let base = '';
  beforeAll(async () => {
    const app = express().use('/web/assets', assetRoutes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('every page links one, so the browser does not ask for /favicon.ico', () => {
    const on = page({ locale: 'en', title: 'Queue' }, null).toString();
    const href = /<link rel="icon" href="([^"]+)">/.exec(on)?.[1];
    expect(href).toBe('/web/assets/favicon.svg');
    const off = page({ locale: 'zh-CN', title: '关闭', stylesheet: false }, null).toString();
    expect(off).toContain('<link rel="icon" href="data:,">');
  });

  it('the linked icon is served', async () => {
    const res = await fetch(`${base}/web/assets/favicon.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    expect(await res.text()).toContain('<svg');
  });
});
