// The configuration holder (src/app/config-holder.ts) and the restart-only split of a reload
// (src/config/restart-only.ts).
import { describe, expect, it } from 'vitest';
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
