// The composition root as `npm start` runs it: embedded storage, knowledge matching wired in,
// health served, and resolved incidents becoming IM2.7 candidates.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlierIncidentsModule } from '../../src/app/earlier-incidents.js';
import { actorById } from '../../src/app/identity.js';
import { type RunningApp, startApp } from '../../src/main/compose.js';

describe('startApp with embedded defaults', () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp(
      {
        port: 0,
        host: '127.0.0.1',
        databaseUrl: null,
        dataDir: 'memory://',
        redisUrl: null,
        configPath: 'config/example.en.yaml',
        logLevel: 'silent',
        role: 'all',
      },
      { log: pino({ level: 'silent' }), modules: [earlierIncidentsModule] },
    );
  });
  afterAll(() => app.stop());

  it('serves /healthz with the database check', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
  });

  it('offers an earlier resolved incident as a match for a new one', async () => {
    const desk = actorById(app.config, 'alice');
    const reporter = { id: 'slack:UREP', name: 'Reporter', roles: [], teams: [] };
    const input = {
      title: 'VPN keeps disconnecting',
      description: 'drops every 10 min',
      service: null,
      severity: null,
    };
    const first = (await app.service.report(input, reporter)).incident;
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'network.vpn' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
      { type: 'no_match' },
      { type: 'resolve', code: 'solved', solution: 'Update the VPN client to 5.2', tested: true },
    ] as const) {
      await app.service.execute(first.id, command, desk);
    }
    await app.knowledge?.indexResolvedIncidents();
    const second = (await app.service.report(input, reporter)).incident;
    const result = await app.knowledge?.matchIncident(second.id, desk);
    expect(result?.candidates.map((c) => c.ref)).toContain(first.number);
  });
});
