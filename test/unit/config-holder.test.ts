// The configuration holder (src/app/config-holder.ts) and the restart-only split of a reload
// (src/config/restart-only.ts).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it, vi } from 'vitest';
import { ConfigHolder, fixedConfig, sourceOf } from '../../src/app/config-holder.js';
import { RESTART_ONLY, splitRestartOnly } from '../../src/config/restart-only.js';
import { defaultConfig } from '../../src/config/schema.js';
import type { TriageConfig } from '../../src/core/config.js';

const withLocale = (c: TriageConfig, locale: 'en' | 'zh-CN'): TriageConfig => ({ ...c, locale });
const withZone = (c: TriageConfig, timeZone: string): TriageConfig => ({
  ...c,
  calendar: { ...c.calendar, timeZone },
});

describe('ConfigHolder', () => {
  it('gives the configuration it holds, the same object until replaced', () => {
    const first = defaultConfig();
    const holder = new ConfigHolder(first);
    expect(holder.current()).toBe(first);
    expect(holder.current()).toBe(holder.current());
  });

  it('replaces the whole configuration at once and tells listeners the new and the previous', () => {
    const first = defaultConfig();
    const second = withLocale(first, 'zh-CN');
    const holder = new ConfigHolder(first);
    const seen: [TriageConfig, TriageConfig][] = [];
    holder.onChange((next, previous) => seen.push([next, previous]));
    // A reader that took its copy before the switch keeps one whole configuration.
    const taken = holder.current();
    holder.replace(second);
    expect(taken).toBe(first);
    expect(holder.current()).toBe(second);
    expect(seen).toEqual([[second, first]]);
  });

  it('stops telling a listener that unsubscribed, and a failing listener neither stops the switch nor the others', () => {
    const holder = new ConfigHolder(defaultConfig());
    const calls: string[] = [];
    const off = holder.onChange(() => calls.push('a'));
    holder.onChange(() => {
      throw new Error('listener broke');
    });
    holder.onChange(() => calls.push('c'));
    const errors: unknown[] = [];
    const next = withLocale(defaultConfig(), 'zh-CN');
    holder.replace(next, (err) => errors.push(err));
    off();
    holder.replace(defaultConfig(), (err) => errors.push(err));
    expect(calls).toEqual(['a', 'c', 'c']);
    expect(errors).toHaveLength(2);
  });

  it('pins one configuration for a piece of work, across awaits, while a reload reaches the next', async () => {
    const first = withLocale(defaultConfig(), 'en');
    const second = withLocale(first, 'zh-CN');
    const holder = new ConfigHolder(first);
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const seen: string[] = [];
    const work = holder.pin(async () => {
      seen.push(holder.current().locale);
      await gate;
      seen.push(holder.current().locale);
      // Nested pins keep the outer configuration.
      holder.pin(() => seen.push(holder.current().locale));
    });
    holder.replace(second);
    expect(holder.current()).toBe(second);
    expect(holder.pin(() => holder.current())).toBe(second);
    release();
    await work;
    expect(seen).toEqual(['en', 'en', 'en']);
  });

  it('pins per HTTP request when the middleware is installed (as compose.ts does)', async () => {
    const holder = new ConfigHolder(withLocale(defaultConfig(), 'en'));
    const app = express();
    app.use((_req, _res, next) => holder.pin(next));
    let entered = false;
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    app.get('/slow', async (_req, res) => {
      const before = holder.current().locale;
      entered = true;
      await gate;
      res.json({ before, after: holder.current().locale });
    });
    app.get('/now', (_req, res) => {
      res.json({ locale: holder.current().locale });
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const slow = fetch(`${base}/slow`).then((r) => r.json());
      await vi.waitFor(() => expect(entered).toBe(true));
      holder.replace(withLocale(defaultConfig(), 'zh-CN'));
      release();
      expect(await slow).toEqual({ before: 'en', after: 'en' });
      expect(await fetch(`${base}/now`).then((r) => r.json())).toEqual({ locale: 'zh-CN' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('holds a plain configuration fixed, and passes a source through', () => {
    const config = defaultConfig();
    expect(fixedConfig(config).current()).toBe(config);
    expect(sourceOf(config).current()).toBe(config);
    const holder = new ConfigHolder(config);
    expect(sourceOf(holder)).toBe(holder);
  });
});

describe('restart-only settings of a reload', () => {
  it('applies everything when no restart-only setting changed', () => {
    const running = defaultConfig();
    const next = withLocale(running, 'zh-CN');
    expect(splitRestartOnly(running, next)).toEqual({ live: next, waiting: [] });
  });

  it('keeps the running time zone, applies the rest, and names what waits for a restart', () => {
    const running = defaultConfig();
    const next = withLocale(withZone(running, 'Europe/Berlin'), 'zh-CN');
    const { live, waiting } = splitRestartOnly(running, next);
    expect(live.calendar.timeZone).toBe('Asia/Shanghai');
    expect(live.locale).toBe('zh-CN');
    expect(live.calendar.workingHours).toEqual(next.calendar.workingHours);
    expect(waiting).toEqual([
      { path: 'calendar.time_zone', running: 'Asia/Shanghai', requested: 'Europe/Berlin' },
    ]);
  });

  it('gives every restart-only setting a reason', () => {
    for (const s of RESTART_ONLY) expect(s.reason.length, s.path).toBeGreaterThan(20);
  });
});

describe('the overlay (the directory) over the file', () => {
  it('a reload of the file keeps the overlay; the file alone is what a reload compares', () => {
    const file = defaultConfig();
    const holder = new ConfigHolder(file);
    const overlaid: TriageConfig[] = [];
    holder.onChange((next) => overlaid.push(next));
    holder.setOverlay((f) => ({ ...f, numberPrefix: 'DIR' }));
    expect(holder.current().numberPrefix).toBe('DIR');
    holder.replace({ ...file, locale: 'en' });
    expect(holder.current()).toMatchObject({ numberPrefix: 'DIR', locale: 'en' });
    expect(holder.fromFile()).toMatchObject({ numberPrefix: file.numberPrefix, locale: 'en' });
    expect(overlaid.map((c) => c.numberPrefix)).toEqual(['DIR', 'DIR']);
  });
});
