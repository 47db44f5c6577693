// The managers' channel hears once per year, a month ahead, that the coming year has no official
// public holidays yet — not on every start, and again after a failed send.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppModule } from '../../src/app/app-module.js';
import { calendarWarningModule, warnManagersOfProvisionalYears } from '../../src/app/calendar-warning.js';
import { renderText } from '../../src/app/notifier.js';
import { startApp } from '../../src/main/compose.js';
import { testCalendar, testConfig } from '../fixtures/config.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { RecordingNotifier } from '../support/jobs.js';

const log = pino({ level: 'silent' });
const at = (iso: string) => ({ now: () => new Date(iso) });

describe.each(backends)('calendar warning to the managers on $name', ({ open }) => {
  let backend: OpenBackend;
  let notifier: RecordingNotifier;
  beforeEach(async () => {
    backend = await open();
    notifier = new RecordingNotifier();
  });
  afterEach(() => backend.close());

  const deps = (clock: { now(): Date }, config = testConfig()) => ({
    storage: backend.storage,
    config,
    notifiers: [notifier],
    clock,
    log,
  });

  it('warns a month ahead, once', async () => {
    expect(await warnManagersOfProvisionalYears(deps(at('2026-11-20T00:00:00Z')))).toEqual([]);
    expect(await warnManagersOfProvisionalYears(deps(at('2026-12-04T00:00:00Z')))).toEqual([2027]);
    expect(await warnManagersOfProvisionalYears(deps(at('2026-12-04T00:00:01Z')))).toEqual([]);
    expect(await warnManagersOfProvisionalYears(deps(at('2027-02-01T00:00:00Z')))).toEqual([]);
    expect(notifier.announced).toHaveLength(1);
    const [text] = notifier.announced;
    expect(text && renderText('en', text, 'Asia/Shanghai')).toContain('no official public holidays for 2027');
    expect(text && renderText('zh-CN', text, 'Asia/Shanghai')).toContain('尚无 2027 年的官方节假日安排');
  });

  it('sends again after a failed send, once the claim is stale', async () => {
    notifier.failNext = 1;
    expect(await warnManagersOfProvisionalYears(deps(at('2026-12-04T00:00:00Z')))).toEqual([]);
    expect(await warnManagersOfProvisionalYears(deps(at('2026-12-04T00:10:00Z')))).toEqual([]);
    expect(await warnManagersOfProvisionalYears(deps(at('2026-12-04T02:00:00Z')))).toEqual([2027]);
    expect(notifier.announced).toHaveLength(1);
  });

  it('says nothing for a year the operator vouches for', async () => {
    const vouched = testConfig({ calendar: testCalendar({ extraCoveredYears: [2027] }) });
    expect(await warnManagersOfProvisionalYears(deps(at('2026-12-04T00:00:00Z'), vouched))).toEqual([]);
    expect(notifier.announced).toEqual([]);
  });
});

describe('the calendar warning module across restarts', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'itss-calendar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('posts once although the bot starts twice', async () => {
    const notifier = new RecordingNotifier();
    const chat: AppModule = {
      name: 'chat',
      async start(ctx) {
        ctx.notifiers.push(notifier);
        return { stop: async () => {} };
      },
    };
    const settings = {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: dir,
      redisUrl: null,
      configPath: 'config/example.en.yaml',
      logLevel: 'silent',
      role: 'all',
    } as const;
    for (let run = 0; run < 2; run++) {
      const app = await startApp(settings, {
        log,
        // The example leaves 2027 uncovered (its statutory days only, no official arrangement).
        clock: at('2026-12-10T00:00:00Z'),
        modules: [chat, calendarWarningModule],
      });
      await app.stop();
    }
    expect(notifier.announced.map((t) => t.params.year)).toEqual([2027]);
  }, 60_000);
});
