// /readyz's chat platforms (src/app/platform-health.ts): each platform's state is what this
// process's latest delivery through it did — never a constant 'ok'.
import { describe, expect, it } from 'vitest';
import type { ChatNotifier, OutgoingMessage } from '../../src/app/notifier.js';
import { failureCode, PlatformWatch } from '../../src/app/platform-health.js';
import type { Incident } from '../../src/core/types.js';

class Clock {
  at = new Date('2026-12-05T08:00:00Z');
  now = () => this.at;
  tick(seconds: number) {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

/** A platform whose next calls fail with the errors queued in `failures`. */
function platform(name: string) {
  const failures: unknown[] = [];
  const sent: OutgoingMessage[] = [];
  const next = () => {
    if (failures.length > 0) throw failures.shift();
  };
  const notifier: ChatNotifier = {
    platform: name,
    async refresh() {
      next();
    },
    async send(message) {
      next();
      sent.push(message);
      return null;
    },
  };
  return { notifier, failures, sent };
}

/** What Slack's WebClient throws: its message quotes whatever the API said. */
const slackError = (code: string) =>
  Object.assign(new Error(`An API error occurred: ${code} (Wang Fang's printer is on fire)`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error: code },
  });

const message = {} as OutgoingMessage;
const incident = {} as Incident;

describe('PlatformWatch', () => {
  it('says a platform is only configured until this process has delivered through it', () => {
    const clock = new Clock();
    const worker = new PlatformWatch(clock, 'worker');
    worker.watch(platform('slack').notifier);
    expect(worker.report()).toEqual({
      slack: { state: 'configured', note: 'nothing delivered by this process yet' },
    });
    const web = new PlatformWatch(clock, 'web');
    web.watch(platform('teams').notifier);
    expect(web.report().teams).toMatchObject({
      state: 'configured',
      note: expect.stringContaining('worker'),
    });
  });

  it('follows the latest outcome: ok, failing (by error code, counted since), ok again', async () => {
    const clock = new Clock();
    const watch = new PlatformWatch(clock, 'all');
    const slack = platform('slack');
    const email = platform('email');
    const chat = watch.watch(slack.notifier);
    watch.watch(email.notifier);

    await chat.send(message);
    expect(slack.sent).toHaveLength(1); // the watched notifier still sends
    const firstOk = clock.now().toISOString();
    expect(watch.report().slack).toEqual({ state: 'ok', lastDeliveryAt: firstOk });

    clock.tick(60);
    slack.failures.push(slackError('channel_not_found'), slackError('ratelimited'));
    await expect(chat.send(message)).rejects.toThrow('channel_not_found'); // still thrown: retried
    const since = clock.now().toISOString();
    clock.tick(5);
    await expect(chat.refresh(incident)).rejects.toThrow(); // card refreshes count too
    const failing = watch.report().slack;
    expect(failing).toEqual({
      state: 'failing',
      error: 'slack_webapi_platform_error: ratelimited',
      since,
      failures: 2,
      lastDeliveryAt: firstOk,
    });
    expect(JSON.stringify(failing)).not.toContain('Wang Fang'); // a person's words stay out
    // One platform failing says nothing about another.
    expect(watch.report().email).toMatchObject({ state: 'configured' });

    clock.tick(5);
    await chat.refresh(incident);
    expect(watch.report().slack).toEqual({ state: 'ok', lastDeliveryAt: clock.now().toISOString() });
  });

  it('keeps reporterLocale where the platform has it, and leaves it out where it has not', async () => {
    const watch = new PlatformWatch(new Clock(), 'all');
    const teams = platform('teams').notifier;
    teams.reporterLocale = async () => 'zh-CN';
    expect(await watch.watch(teams).reporterLocale?.(incident)).toBe('zh-CN');
    expect(watch.watch(platform('email').notifier).reporterLocale).toBeUndefined();
  });
});

describe('failureCode', () => {
  it('names a failure by its code or status, never by its message', () => {
    expect(failureCode(slackError('not_in_channel'))).toBe('slack_webapi_platform_error: not_in_channel');
    expect(
      failureCode(Object.assign(new Error('535 auth failed for bob@example.com'), { code: 'EAUTH' })),
    ).toBe('EAUTH');
    expect(failureCode(Object.assign(new Error('Forbidden'), { statusCode: 403 }))).toBe('http 403');
    expect(failureCode(new TypeError('fetch failed: someone said hello'))).toBe('TypeError');
    expect(failureCode('a string')).toBe('error');
  });
});
