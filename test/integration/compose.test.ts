// The composition root as `npm start` runs it: embedded storage, knowledge matching wired in,
// health served, and resolved incidents becoming IM2.7 candidates.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earlierIncidentsModule } from '../../src/app/earlier-incidents.js';
import { actorById } from '../../src/app/identity.js';
import { TimerService } from '../../src/app/timer-service.js';
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

  it('serves Prometheus metrics: commands by step and outcome, HTTP by route, matching, timers, outbox backlog', async () => {
    const desk = actorById(app.config, 'alice');
    const reporter = { id: 'slack:UREP2', name: 'Reporter', roles: [], teams: [] };
    const input = { title: 'Printer jams', description: '', service: null, severity: null };
    const { incident } = await app.service.report(input, reporter);
    await app.service.execute(
      incident.id,
      { type: 'classify', nature: 'fault', category: 'network.vpn' },
      desk,
    );
    // A refusal is counted with its code: the reporter may not classify.
    await app.service
      .execute(incident.id, { type: 'classify', nature: 'fault', category: 'network.vpn' }, reporter)
      .catch(() => undefined);
    await app.knowledge?.matchIncident(incident.id, desk);
    await new TimerService(app.storage, app.config, app.clock, app.metrics).fire(
      'no-such-incident',
      'x.respond',
      new Date(0),
    );
    await fetch(`http://127.0.0.1:${app.port}/livez`);

    const res = await fetch(`http://127.0.0.1:${app.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1] ?? Number.NaN,
      );
    expect(value('itss_commands_total{step="IM1",command="report",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(value('itss_commands_total{step="IM2.1",command="classify",outcome="ok"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(value('itss_commands_total{step="IM2.1",command="classify",outcome="forbidden"}')).toBe(1);
    expect(
      value('itss_http_request_duration_seconds_count{platform="other",route="/livez",status="200"}'),
    ).toBe(1);
    expect(value('itss_knowledge_match_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value('itss_timers_fired_total{outcome="not_found"}')).toBe(1);
    // Nothing delivers here (no chat module), so the commands' outbox rows are all still pending.
    expect(value('itss_outbox_backlog')).toBeGreaterThan(0);
    expect(value('itss_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    // Counts and ids only: no person's words in the metrics.
    expect(text).not.toContain('Printer jams');
  });
});
