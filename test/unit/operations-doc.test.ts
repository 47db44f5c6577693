// docs/operations.md and deploy/README.md name things an operator types into Prometheus or a
// Secret: the metric names must be the ones /metrics exports, and the Secret's keys the ones the
// manifests reference.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPrometheus } from '../../src/main/prometheus.js';
import { type Manifest, ofKind, renderBase } from '../support/manifests.js';

const operations = readFileSync('docs/operations.md', 'utf8');
const deployReadme = readFileSync('deploy/README.md', 'utf8');

/** The bot's own metrics (not prom-client's process defaults, documented as a family). */
async function exportedNames(): Promise<string[]> {
  const { registry } = createPrometheus({ outboxBacklog: async () => ({ pending: 0, oldest: null }) });
  const all = await registry.getMetricsAsJSON();
  return all.map((m) => m.name).filter((n) => !/^itss_(process|nodejs)_/.test(n));
}

function secretKeys(docs: Manifest[]): Set<string> {
  const keys = new Set<string>();
  for (const d of ofKind(docs, 'Deployment'))
    for (const e of d.spec.template.spec.containers[0].env ?? [])
      if (e.valueFrom?.secretKeyRef) keys.add(e.valueFrom.secretKeyRef.key);
  return keys;
}

describe('docs/operations.md', () => {
  it('lists every metric /metrics exports, and no other', async () => {
    const exported = await exportedNames();
    expect(exported.length).toBeGreaterThan(5);
    for (const name of exported) expect(operations, name).toContain(`\`${name}\``);
    const documented = new Set(
      [...operations.matchAll(/\b(itss_[a-z_]+?)(?:_bucket|_sum|_count)?\b/g)]
        .map((m) => m[1] as string)
        .filter((n) => !/^itss_(process|nodejs)_$/.test(n)),
    );
    expect([...documented].filter((n) => !exported.includes(n))).toEqual([]);
  });
});

describe('deploy/README.md', () => {
  it('names every key of the Secret the manifests reference, and no other', () => {
    const docs = renderBase('deploy/kubernetes');
    const table = deployReadme.slice(deployReadme.indexOf('| key |'), deployReadme.indexOf('Every key but'));
    const documented = new Set(
      [...table.matchAll(/^\s*\| ([^|]+) \|/gm)].flatMap((m) => m[1]?.match(/[A-Za-z_]+/g) ?? []),
    );
    documented.delete('key');
    const referenced = secretKeys(docs);
    // The Sentinel component's passwords are referenced only when the component is used.
    for (const key of ['REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD']) referenced.add(key);
    expect([...documented].sort()).toEqual([...referenced].sort());
  });
});

describe('the tools docs/operations.md says run inside the image', () => {
  it('are compiled into dist/ by the image build (tsconfig.build.json)', () => {
    const build = JSON.parse(readFileSync('tsconfig.build.json', 'utf8')) as { include: string[] };
    // dist/bundle/ is the bot bundled from tsc's output (scripts/bundle.mjs), not a source's twin.
    const named = [...operations.matchAll(/`node dist\/(?!bundle\/)([\w/.-]+)\.js/g)].map(
      (m) => `${m[1]}.ts`,
    );
    expect(named).toEqual(expect.arrayContaining(['scripts/report.ts', 'src/cli/outbox-failed.ts']));
    for (const source of named) {
      const included = build.include.some((entry) => source === entry || source.startsWith(`${entry}/`));
      expect(included, source).toBe(true);
    }
  });
});
