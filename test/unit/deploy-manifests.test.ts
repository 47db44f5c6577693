// The Kubernetes manifests (deploy/, issue 16 item 3) start the bot an operator expects: a web and
// a worker Deployment with their roles, probes on the endpoints the bot serves, an environment
// the bot's own readers accept (a database, the workers' Redis, the platforms' credentials on
// both roles), secrets only by reference, the configuration mounted where a change reaches it.
// The base is checked from its YAML always; with kubectl installed (.ci/run does not install it)
// the base, the example overlay and the Sentinel component are checked as kustomize renders them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEmailSettings } from '../../adapters/email/settings.js';
import { readSlackSettings } from '../../adapters/slack/settings.js';
import { readTeamsSettings } from '../../adapters/teams/settings.js';
import { readSettings, redisTarget } from '../../src/app/env.js';
import { configWarnings, parseConfigText } from '../../src/config/load.js';
import { coveredYears } from '../../src/core/calendar.js';
import { readJobSettings } from '../../src/jobs/settings.js';
import {
  configMap,
  containerEnv,
  KUBECTL,
  kubectlKustomize,
  type Manifest,
  named,
  ofKind,
  renderBase,
  secretRefs,
} from '../support/manifests.js';

const BASE = 'deploy/kubernetes';
const OVERLAY = 'deploy/overlays/example';
const SENTINEL = 'deploy/components/redis-sentinel';

/** What an operator puts in the Secret `itss-bot` (placeholders of the right shape). */
const REQUIRED_SECRETS = {
  DATABASE_URL: 'postgres://itss:placeholder@postgres:5432/itss',
  REDIS_URL: 'redis://redis:6379',
};
const ALL_SECRETS: Record<string, string> = {
  ...REQUIRED_SECRETS,
  SLACK_BOT_TOKEN: 'xoxb-0-0-placeholder',
  SLACK_SIGNING_SECRET: 'placeholder',
  SLACK_APP_TOKEN: 'xapp-0-placeholder',
  MicrosoftAppId: '00000000-0000-4000-8000-000000000000',
  MicrosoftAppPassword: 'placeholder',
  WEB_LINK_SECRET: 'p'.repeat(64),
  SMTP_URL: 'smtp://itss:placeholder@mail:587',
  ADMIN_TOKEN: 'placeholder',
  REDIS_PASSWORD: 'placeholder',
  REDIS_SENTINEL_PASSWORD: 'placeholder',
};

/** Names that carry a credential: only ever from a Secret. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|DATABASE_URL|REDIS_URL|SMTP_URL/i;
/** Values that look like one, wherever they appear. */
const SECRET_VALUE = /xox[abp]-|xapp-|:\/\/[^/\s:@]+:[^@\s]+@|-----BEGIN/;

/** Shutdown's bounded waits (src/app/http.ts closeTimeoutMs default; db/connect.ts end timeout). */
const HTTP_CLOSE_S = 10;
const DB_CLOSE_S = 5;

const ROLES = { web: 'itss-bot-web', worker: 'itss-bot-worker' } as const;
const dockerCmd = JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1] ?? '[]');

const botOf = (d: Manifest): Manifest => d.spec.template.spec.containers[0];

function startsWith(docs: Manifest[], role: keyof typeof ROLES, secrets: Record<string, string>) {
  const container = botOf(named(docs, 'Deployment', ROLES[role]));
  const env = containerEnv(docs, container, secrets);
  const argv = [...(container.command ?? []), ...(container.args ?? [])].slice(dockerCmd.length);
  return { container, env, settings: readSettings(env, argv) };
}

/** Every check, on one rendering. `secrets`: what the Secret holds for this rendering. */
function checkAll(docs: Manifest[], secrets: Record<string, string>): void {
  for (const role of ['web', 'worker'] as const) {
    const deployment = named(docs, 'Deployment', ROLES[role]);
    const { container, env, settings } = startsWith(docs, role, secrets);
    // The image has CMD, no ENTRYPOINT: `args` alone would replace the command.
    expect(container.command, role).toEqual(dockerCmd);
    expect(settings.role, role).toBe(role);
    expect(settings.databaseUrl, `${role}: DATABASE_URL`).not.toBeNull();
    if (role === 'worker') expect(redisTarget(settings), 'worker: Redis').not.toBeNull();
    checkProbes(deployment, settings.port);
    checkConfigMount(docs, deployment, env);
    checkShutdown(deployment, env);
    checkSecurity(deployment);
    // The other readers of the environment accept it too (each throws on a bad value).
    readJobSettings(env);
    readEmailSettings(env);
    if (secrets.SLACK_BOT_TOKEN) expect(readSlackSettings(env), `${role}: Slack`).not.toBeNull();
    if (secrets.MicrosoftAppId) expect(readTeamsSettings(env), `${role}: Teams`).not.toBeNull();
  }
  checkWorkersCanDeliver(docs);
  checkNoSecretValues(docs);
  checkServiceAndBudgets(docs);
}

function checkProbes(deployment: Manifest, port: number): void {
  const c = botOf(deployment);
  const ports = c.ports as Manifest[];
  const http = ports.find((p) => p.containerPort === port);
  expect(http, `${deployment.metadata.name}: a containerPort for PORT ${port}`).toBeDefined();
  const onPort = (probe: Manifest | undefined, path: string) => {
    expect(probe?.httpGet?.path).toBe(path);
    expect([http?.name, port]).toContain(probe?.httpGet?.port);
  };
  onPort(c.livenessProbe, '/livez');
  onPort(c.readinessProbe, '/readyz');
  onPort(c.startupProbe, '/livez');
  // The readiness check gives up after 5 s by itself (src/app/http.ts): the probe must wait longer.
  expect(c.readinessProbe.timeoutSeconds).toBeGreaterThan(5);
  const scrape = deployment.spec.template.metadata.annotations ?? {};
  expect(scrape['prometheus.io/scrape']).toBe('true');
  expect(scrape['prometheus.io/path']).toBe('/metrics');
  expect(Number(scrape['prometheus.io/port'])).toBe(port);
  expect(c.resources?.requests?.memory).toBeDefined();
  expect(c.resources?.limits?.memory).toBeDefined();
}

/** ITSS_CONFIG names a file in a mounted ConfigMap directory (a subPath mount never updates),
 *  and that file is a configuration the bot accepts. */
function checkConfigMount(docs: Manifest[], deployment: Manifest, env: NodeJS.ProcessEnv): void {
  const path = env.ITSS_CONFIG as string;
  expect(path, 'ITSS_CONFIG').toBeTruthy();
  const mount = (botOf(deployment).volumeMounts as Manifest[]).find((m) => m.mountPath === dirname(path));
  expect(mount, `a volume mounted at ${dirname(path)}`).toBeDefined();
  expect(mount?.subPath).toBeUndefined();
  const volume = (deployment.spec.template.spec.volumes as Manifest[]).find((v) => v.name === mount?.name);
  const text = configMap(docs, volume?.configMap?.name).data[basename(path)];
  expect(() => parseConfigText(text, path)).not.toThrow();
}

/** Kubernetes waits long enough for the bot's own bounded shutdown, preStop and drain included. */
function checkShutdown(deployment: Manifest, env: NodeJS.ProcessEnv): void {
  const preStop = botOf(deployment).lifecycle?.preStop?.exec?.command as string[] | undefined;
  const preStopS = preStop?.[0] === 'sleep' ? Number(preStop[1]) : 0;
  const jobsS = readJobSettings(env).shutdownTimeoutMs / 1000;
  const drainS = (readSettings(env, []).shutdownDrainMs ?? 0) / 1000;
  const needed = preStopS + drainS + HTTP_CLOSE_S + jobsS + DB_CLOSE_S;
  expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(needed);
}

function checkSecurity(deployment: Manifest): void {
  const pod = deployment.spec.template.spec;
  const c = botOf(deployment);
  expect(pod.securityContext.runAsNonRoot).toBe(true);
  expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
  expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
  expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
}

/** Workers send to every platform the web role takes commands from: same credentials (bar
 *  Slack's Socket Mode token, which would also make a worker receive events). */
function checkWorkersCanDeliver(docs: Manifest[]): void {
  const refs = (name: string) => secretRefs(botOf(named(docs, 'Deployment', name)));
  const web = refs(ROLES.web);
  const worker = refs(ROLES.worker);
  for (const [name, ref] of web) {
    if (name === 'SLACK_APP_TOKEN') continue;
    expect(worker.get(name), `worker: ${name}`).toEqual(ref);
  }
  expect(worker.has('SLACK_APP_TOKEN')).toBe(false);
}

function checkNoSecretValues(docs: Manifest[]): void {
  for (const d of docs) {
    expect(d.kind, 'no Secret in the manifests: it is referenced, never written').not.toBe('Secret');
    if (d.kind === 'ConfigMap')
      for (const [key, value] of Object.entries(d.data ?? {})) {
        expect(SECRET_NAME.test(key), `ConfigMap ${d.metadata.name}: ${key}`).toBe(false);
        expect(SECRET_VALUE.test(String(value)), `ConfigMap ${d.metadata.name}: ${key}`).toBe(false);
      }
  }
  for (const d of ofKind(docs, 'Deployment'))
    for (const e of (botOf(d).env ?? []) as Manifest[]) {
      if (e.valueFrom) continue;
      expect(SECRET_NAME.test(e.name), `${d.metadata.name}: ${e.name} as a plain value`).toBe(false);
      expect(SECRET_VALUE.test(String(e.value)), `${d.metadata.name}: ${e.name}`).toBe(false);
    }
}

function checkServiceAndBudgets(docs: Manifest[]): void {
  const labels = (name: string) => named(docs, 'Deployment', name).spec.template.metadata.labels;
  const selects = (selector: Record<string, string>, name: string) =>
    Object.entries(selector).every(([k, v]) => labels(name)[k] === v);
  const service = named(docs, 'Service', ROLES.web);
  expect(selects(service.spec.selector, ROLES.web)).toBe(true);
  expect(selects(service.spec.selector, ROLES.worker), 'the Service must not reach workers').toBe(false);
  for (const name of Object.values(ROLES)) {
    const budgets = ofKind(docs, 'PodDisruptionBudget').filter((b) =>
      selects(b.spec.selector.matchLabels, name),
    );
    expect(budgets, `a PodDisruptionBudget for ${name}`).toHaveLength(1);
  }
}

/** Every variable the manifests set is one the bot reads (a misspelt name is silently ignored). */
function envNamesSet(docs: Manifest[]): string[] {
  const names = new Set<string>();
  for (const d of ofKind(docs, 'Deployment')) {
    const c = botOf(d);
    for (const e of (c.env ?? []) as Manifest[]) names.add(e.name);
    for (const from of (c.envFrom ?? []) as Manifest[])
      for (const key of Object.keys(configMap(docs, from.configMapRef.name).data)) names.add(key);
  }
  return [...names];
}

let source: string | null = null;

/** Names set in the manifests that no source file reads (as `'NAME'` or `env.NAME`). */
function unknownNames(docs: Manifest[]): string[] {
  source ??= ['src', 'adapters', 'db']
    .flatMap((dir) =>
      (readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
    )
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const text = source;
  return envNamesSet(docs).filter((n) => !text.includes(`'${n}'`) && !text.includes(`env.${n}`));
}

describe('deploy/kubernetes, read as YAML', () => {
  const docs = renderBase(BASE);

  it('starts a web and a worker process the bot accepts, with only the required secrets', () => {
    checkAll(docs, REQUIRED_SECRETS);
  });

  it('sets only variables the bot reads', () => {
    expect(unknownNames(docs)).toEqual([]);
  });
});

describe.skipIf(!KUBECTL)('deploy/ as kubectl kustomize renders it (needs kubectl)', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('the base', () => {
    checkAll(kubectlKustomize(BASE), REQUIRED_SECRETS);
  });

  it('the example overlay, with every secret an operator may set', () => {
    const docs = kubectlKustomize(OVERLAY);
    checkAll(docs, ALL_SECRETS);
    // The skeleton an operator starts from starts without a warning.
    const file = configMap(docs, 'itss-bot-config').data['itss.yaml'];
    expect(configWarnings(parseConfigText(file, 'itss.yaml'), () => [...coveredYears()])).toEqual([]);
    expect(unknownNames(docs)).toEqual([]);
  });

  it('the example overlay with the Redis Sentinel component: sentinels instead of REDIS_URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'itss-kustomize-'));
    temp.push(dir);
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      `resources: [${relative(dir, OVERLAY)}]\ncomponents: [${relative(dir, SENTINEL)}]\n`,
    );
    const docs = kubectlKustomize(dir);
    checkAll(docs, ALL_SECRETS);
    const { settings } = startsWith(docs, 'worker', ALL_SECRETS);
    expect(settings.redisUrl).toBeNull();
    expect(redisTarget(settings)).toMatchObject({ sentinel: { name: 'mymaster', password: 'placeholder' } });
  });
});
