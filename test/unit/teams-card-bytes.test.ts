// The Teams incident card, byte for byte: what the bench's path answers at every click (and what
// the other two people see at each state), in English and Chinese, with a banner, a form sent back
// with a problem and a page link. Speed work on the card (docs/teams-speed.md) must not change one
// byte of it; the file snapshot holds a digest of each card's JSON, the JSON itself for three.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardJson } from '../../adapters/teams/card-json.js';
import { CardRenderer } from '../../adapters/teams/render.js';
import { PURPOSE } from '../../src/app/card-places.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import type { Locale } from '../../src/core/config.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { at, cfg, desk, pathStates, reporter, team } from '../support/teams-bench-path.js';

const states = () => pathStates('inc-bytes-1', 42);

const now = at(90);
const renderer = (web: boolean) =>
  new CardRenderer({
    service: {
      viewOf: (i: Incident, v: Actor, l: Locale) => buildIncidentView(i, v, cfg, l, now),
      cardView: async (i: Incident, v: Actor, l: Locale) => buildIncidentView(i, v, cfg, l, now),
    } as never,
    config: cfg,
    knowledge: { cardMatches: async () => ({ candidates: [], noGoodMatch: true }) } as never,
    log: { warn: () => undefined },
    web: web ? ({ pageUrl: (path: string) => `https://itss.example/${path}` } as never) : null,
  });

const VIEWERS: [string, Actor, (i: Incident) => string][] = [
  ['desk', desk, () => PURPOSE.desk],
  ['team', team, () => 'team_card:apps'],
  ['reporter', reporter, () => PURPOSE.reporter],
];

async function cards(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [n, incident] of states().entries())
    for (const [name, who, purpose] of VIEWERS)
      for (const locale of ['en', 'zh-CN'] as const) {
        const r = await renderer(n % 3 === 0).render(purpose(incident), incident, { actor: who, locale });
        if (r) out[`${n} ${incident.status} ${name} ${locale}`] = cardJson(r.card);
      }
  const [registered] = states();
  for (const locale of ['en', 'zh-CN'] as const) {
    const banner = await renderer(false).render(
      PURPOSE.desk,
      registered as Incident,
      { actor: desk, locale },
      { text: 'Already done by Alice · 已由 Alice 完成', tone: 'attention' },
    );
    if (banner) out[`banner ${locale}`] = cardJson(banner.card);
    const problem = await renderer(false).render(PURPOSE.desk, registered as Incident, {
      actor: desk,
      locale,
      problem: {
        command: 'classify',
        typed: { nature: 'fault' },
        field: 'category',
        text: 'Pick one · 请选择',
      },
    });
    if (problem) out[`problem ${locale}`] = cardJson(problem.card);
  }
  return out;
}

const digest = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 24);

describe('Teams incident card bytes', () => {
  it('renders every state for every person, in both languages, exactly as before', async () => {
    const all = await cards();
    expect(Object.keys(all).length).toBeGreaterThan(60);
    const digests = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, digest(v)]));
    const whole = Object.fromEntries(
      ['0 registered desk en', '2 prioritised desk zh-CN', '5 assigned team en'].map((k) => [
        k,
        JSON.parse(all[k] ?? 'null'),
      ]),
    );
    await expect(`${JSON.stringify({ digests, whole }, null, 1)}\n`).toMatchFileSnapshot(
      '__snapshots__/teams-card-bytes.json',
    );
  });

  it('is a pure function of its input: the same card twice', async () => {
    expect(await cards()).toEqual(await cards());
  });
});
