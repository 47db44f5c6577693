// `npm run demo` (scripts/demo.ts): the shipped playground context and the demo configuration
// name the same people and channel, the real playground accepts the context file and serves its
// UI, the seed goes through the real importer and use cases into the demo's PGlite directory,
// and the demo never runs unauthenticated next to real credentials.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demoEnv, seedDemo, startPlayground } from '../../scripts/demo.js';
import { readSettings } from '../../src/app/env.js';
import { actorById } from '../../src/app/identity.js';
import { configWarnings, loadConfig } from '../../src/config/load.js';
import { coveredYears } from '../../src/core/calendar.js';
import { startApp } from '../../src/main/compose.js';

const ROOT = join(import.meta.dirname, '..', '..');
const playgroundFile = parse(readFileSync(join(ROOT, '.m365agentsplayground.yml'), 'utf8'));
const config = loadConfig(join(ROOT, 'config', 'demo.yaml'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('demo configuration and playground context', () => {
  const users = [playgroundFile.currentUser, ...playgroundFile.users];

  it('the playground lists at least 5 users and one channel (it exits otherwise)', () => {
    expect(playgroundFile.users.length).toBeGreaterThanOrEqual(5);
    expect(playgroundFile.team.channels).toHaveLength(1);
  });

  it('every configured person is a playground user, and the reporter is the starting user', () => {
    const ids = new Set(users.map((u) => u.aadObjectId));
    for (const person of config.people) expect(ids, person.id).toContain(person.accounts.teams);
    expect(
      config.people.find((p) => p.accounts.teams === playgroundFile.currentUser.aadObjectId)?.roles,
    ).toEqual([]);
  });

  it('the desk, the teams and the managers post into the playground channel', () => {
    const channel = playgroundFile.team.channels[0].id;
    expect(config.channels.desk.teams).toBe(channel);
    expect(config.channels.managers.teams).toBe(channel);
    for (const team of config.teams) expect(team.channels.teams, team.id).toBe(channel);
    expect(actorById(config, 'dana').roles).toContain('agent');
    expect(actorById(config, 'sam').teams).toEqual(['network']);
  });

  it('starts without warnings', () => {
    expect(configWarnings(config, () => [...coveredYears()])).toEqual([]);
  });

  it('refuses to run unauthenticated when a Microsoft app id is configured', () => {
    expect(() => demoEnv({ MicrosoftAppId: '3f2a9c1e-5b7d-4e2a-9c1f-0a1b2c3d4e5f' })).toThrow(
      /MicrosoftAppId/,
    );
    const env = demoEnv({ DATABASE_URL: 'postgres://x@y/z', REDIS_URL: 'redis://x' });
    expect(env).toMatchObject({ TEAMS_LOCAL: '1' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });
});

describe('npm run demo', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'itss-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds knowledge (real importer) and incidents (real use cases) once', async () => {
    const env = demoEnv({ ...process.env, DATA_DIR: dataDir, MicrosoftAppId: '', LOG_LEVEL: 'silent' });
    expect(await seedDemo(env)).toEqual(['INC-000001', 'INC-000002', 'INC-000003']);
    expect(await seedDemo(env)).toEqual([]);
    const app = await startApp(readSettings({ ...env, PORT: '0' }), { env, modules: [] });
    try {
      const desk = { id: 'demo-desk', name: 'Desk', roles: ['agent' as const], teams: [] };
      const queue = (await app.service.deskQueue(desk)) ?? [];
      expect(queue.map((i) => i.number).sort()).toEqual(['INC-000001', 'INC-000002', 'INC-000003']);
      expect(queue.find((i) => i.number === 'INC-000003')?.assignedTeam).toBe('network');
      expect(await app.knowledge.solutionFor('KB-DEMO-VPN')).toMatch(/full tunnel/);
    } finally {
      await app.stop();
    }
  }, 120_000);

  it('the real playground accepts the shipped context file and serves its UI', async () => {
    const port = await freePort();
    const env = { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', PLAYGROUND_PORT: String(port) };
    const playground = startPlayground(await freePort(), env);
    try {
      let exited: number | null = null;
      playground.on('exit', (code) => {
        exited = code;
      });
      let status = 0;
      for (let i = 0; i < 120 && exited === null && status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 250));
        status = await fetch(`http://127.0.0.1:${port}/`).then(
          (r) => r.status,
          () => 0,
        );
      }
      expect(exited).toBeNull();
      expect(status).toBe(200);
      // The context file is read after the server listens; a bad one ends the process then.
      await new Promise((r) => setTimeout(r, 3000));
      expect(exited).toBeNull();
    } finally {
      playground.kill('SIGTERM');
    }
  }, 60_000);
});
