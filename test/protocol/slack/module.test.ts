// The Slack module as the composition root starts it: off without tokens (one log line saying
// what to set), refused with a malformed token, and mounted on the bot's own HTTP server.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackModule } from '../../../adapters/slack/module.js';
import { OFF_MESSAGE, readSlackSettings } from '../../../adapters/slack/settings.js';
import type { AppContext } from '../../../src/app/app-module.js';
import { EnvError, readSettings } from '../../../src/app/env.js';
import { startApp } from '../../../src/main/compose.js';
import { MODULES } from '../../../src/main/modules.js';
import { BOT_TOKEN, Recorder, SIGNING_SECRET, sign } from './harness.js';

describe('Slack module', () => {
  it('stays off without tokens and says in one line what to set', async () => {
    const lines: string[] = [];
    const log = { info: (m: unknown) => lines.push(String(m)) } as unknown as AppContext['log'];
    const ctx = { env: {}, log, notifiers: [] } as unknown as AppContext;
    expect(await slackModule.start(ctx)).toBeNull();
    expect(lines).toEqual([OFF_MESSAGE]);
    expect(OFF_MESSAGE).toContain('SLACK_BOT_TOKEN');
    expect(OFF_MESSAGE).toContain('SLACK_SIGNING_SECRET');
    expect(ctx.notifiers).toEqual([]);
  });

  it('refuses a half configuration at start-up, naming the missing variable', async () => {
    const log = { info: () => undefined } as unknown as AppContext['log'];
    const ctx = { env: { SLACK_BOT_TOKEN: BOT_TOKEN }, log, notifiers: [] } as unknown as AppContext;
    await expect(slackModule.start(ctx)).rejects.toThrow(EnvError);
    await expect(slackModule.start(ctx)).rejects.toThrow(
      /SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/,
    );
    expect(() => readSlackSettings({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN: required/);
    // A Socket Mode token alone names both.
    expect(() => readSlackSettings({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      /SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN.*\n.*SLACK_SIGNING_SECRET: required/s,
    );
  });

  it('refuses tokens of the wrong kind, naming the variable', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xoxb-no' };
    expect(() => readSlackSettings(env)).toThrow(EnvError);
    expect(() => readSlackSettings(env)).toThrow(/SLACK_BOT_TOKEN.*\n.*SLACK_APP_TOKEN/s);
    expect(
      readSlackSettings({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: 'http://x/api',
      }),
    ).toMatchObject({ appToken: null, apiUrl: 'http://x/api' });
  });

  describe('registered in MODULES and started by startApp', () => {
    const recorder = new Recorder();
    let app: Awaited<ReturnType<typeof startApp>> | undefined;
    beforeAll(async () => {
      await recorder.start();
      const env = {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: recorder.url,
      };
      const settings = {
        ...readSettings({ PORT: '0', HOST: '127.0.0.1' }),
        dataDir: 'memory://',
        configPath: 'config/example.en.yaml',
      };
      app = await startApp(settings, { env, modules: MODULES, log: pino({ level: 'silent' }) });
    });
    afterAll(async () => {
      await app?.stop();
      await recorder.stop();
    });

    it("answers Slack's URL verification on POST /slack/events and registers its notifier", async () => {
      expect(MODULES.map((m) => m.name)).toContain('slack');
      if (!app) throw new Error('not started');
      expect(app.notifiers.map((n) => n.platform)).toContain('slack');
      const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'legacy' });
      const res = await fetch(`http://127.0.0.1:${app.port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...sign(body) },
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ challenge: 'c-123' });
      expect(recorder.callsTo('auth.test')).toHaveLength(1);
      expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
    });
  });
});
