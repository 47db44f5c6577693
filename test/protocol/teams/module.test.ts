// The Teams module as the composition root starts it: off without its variables (one log line
// saying what to set), refused with values that cannot work, authenticated with an app id, and,
// unauthenticated for local testing, on 127.0.0.1 only.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { teamsModule } from '../../../adapters/teams/module.js';
import { OFF_MESSAGE, readTeamsSettings } from '../../../adapters/teams/settings.js';
import type { AppContext } from '../../../src/app/app-module.js';
import { EnvError, readSettings } from '../../../src/app/env.js';
import { type RunningApp, startApp } from '../../../src/main/compose.js';
import { MODULES } from '../../../src/main/modules.js';

const GUID = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

let app: RunningApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function start(env: NodeJS.ProcessEnv, host = '0.0.0.0') {
  const { lines, log } = capture();
  const settings = { ...readSettings({ PORT: '0', HOST: host }, ['--role=web']), dataDir: 'memory://' };
  app = await startApp(settings, { env, modules: MODULES, log });
  return { app, lines };
}

describe('Teams module', () => {
  it('stays off without MicrosoftAppId or TEAMS_LOCAL and says what to set', async () => {
    const lines: string[] = [];
    const log = { info: (m: unknown) => lines.push(String(m)) } as unknown as AppContext['log'];
    // docker-compose passes empty values through: that must not turn an unauthenticated bot on.
    const ctx = {
      env: { MicrosoftAppId: '', MicrosoftAppPassword: '' },
      log,
      notifiers: [],
    } as unknown as AppContext;
    expect(await teamsModule.start(ctx)).toBeNull();
    expect(lines).toEqual([OFF_MESSAGE]);
    expect(OFF_MESSAGE).toContain('MicrosoftAppId');
    expect(OFF_MESSAGE).toContain('TEAMS_LOCAL=1');
  });

  it('refuses settings that cannot work, naming each variable', () => {
    expect(() => readTeamsSettings({ MicrosoftAppId: 'not-a-guid' })).toThrow(EnvError);
    expect(() => readTeamsSettings({ MicrosoftAppId: GUID })).toThrow(/MicrosoftAppPassword/);
    // The secret without its app is a half configuration, not "Teams off".
    expect(() => readTeamsSettings({ MicrosoftAppPassword: 's' })).toThrow(
      /MicrosoftAppId: required with MicrosoftAppPassword/,
    );
    // The type and tenant alone (a shared ConfigMap, no Secret) still leave Teams off.
    expect(readTeamsSettings({ MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: GUID })).toBeNull();
    expect(() =>
      readTeamsSettings({
        MicrosoftAppId: GUID,
        MicrosoftAppPassword: 's',
        MicrosoftAppType: 'SingleTenant',
      }),
    ).toThrow(/MicrosoftAppTenantId/);
    expect(() => readTeamsSettings({ TEAMS_LOCAL: '1', MicrosoftAppType: 'Other' })).toThrow(
      /MicrosoftAppType/,
    );
    expect(readTeamsSettings({ TEAMS_LOCAL: '1' })).toMatchObject({ local: true, appId: '' });
    expect(
      readTeamsSettings({ MicrosoftAppId: GUID, MicrosoftAppPassword: 's', TEAMS_LOCAL: '1' }),
    ).toMatchObject({
      local: false,
      appType: 'MultiTenant',
    });
  });

  it('runs unauthenticated with TEAMS_LOCAL=1, listening on 127.0.0.1 only, and says so', async () => {
    expect(MODULES.map((m) => m.name)).toContain('teams');
    const { app, lines } = await start({ TEAMS_LOCAL: '1' });
    expect(app.notifiers.map((n) => n.platform)).toContain('teams');
    const listening = lines.find((l) => l.msg === 'http listening') as { address: { address: string } };
    expect(listening.address.address).toBe('127.0.0.1');
    expect(lines.some((l) => String(l.msg).includes('UNAUTHENTICATED') && l.level === 40)).toBe(true);
    const res = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'conversationUpdate',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 'x' },
        from: { id: 'u' },
        recipient: { id: 'b' },
      }),
    });
    expect(res.status).toBe(200);
  });

  it('with an app id, refuses a request without a Bot Framework token and keeps the configured host', async () => {
    const { app, lines } = await start({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'secret' }, '127.0.0.1');
    expect(lines.some((l) => String(l.msg).includes('UNAUTHENTICATED'))).toBe(false);
    const res = await fetch(`http://127.0.0.1:${app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'forged',
        text: 'report',
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: { id: 'a:x', conversationType: 'personal' },
        from: { id: '29:alice' },
        recipient: { id: `28:${GUID}` },
      }),
    });
    expect(res.status).toBe(401);
    expect(await app.storage.getConversationRef('teams', 'personal', '29:alice')).toBeNull();
  });
});
