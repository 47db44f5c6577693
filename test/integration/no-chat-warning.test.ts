// An operator who configured neither Slack nor Teams must see one warning at start-up: the bot
// is healthy and serves its pages, yet nobody can report or be told anything.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { slackModule } from '../../adapters/slack/module.js';
import { teamsModule } from '../../adapters/teams/module.js';
import type { AppModule } from '../../src/app/app-module.js';
import { startApp } from '../../src/main/compose.js';

const SETTINGS = {
  port: 0,
  host: '127.0.0.1',
  databaseUrl: null,
  dataDir: 'memory://',
  redisUrl: null,
  configPath: 'config/example.en.yaml',
  logLevel: 'info',
  role: 'all',
} as const;

async function warningsOf(env: Record<string, string>, modules: readonly AppModule[]): Promise<string[]> {
  const lines: { level: number; msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = await startApp(SETTINGS, { env, modules, log });
  await app.stop();
  return lines.filter((l) => l.level === 40).map((l) => l.msg);
}

const NO_CHAT = /no chat platform is on/;

describe('start-up without a chat platform', () => {
  it('warns once when Slack and Teams are both off', async () => {
    const warnings = await warningsOf({}, [slackModule, teamsModule]);
    expect(warnings.filter((m) => NO_CHAT.test(m))).toHaveLength(1);
  }, 60_000);

  it('says nothing of it when one platform is on', async () => {
    const warnings = await warningsOf({ TEAMS_LOCAL: '1' }, [slackModule, teamsModule]);
    expect(warnings.some((m) => NO_CHAT.test(m))).toBe(false);
  }, 60_000);

  it('says nothing of it when the process was given no chat module to start', async () => {
    expect((await warningsOf({}, [])).some((m) => NO_CHAT.test(m))).toBe(false);
  }, 60_000);
});
