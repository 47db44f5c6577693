// The Slack incident card, byte for byte: what `SlackNotifier.cardFor` gives for the core bench's
// three paths (bench/core-ours.ts) at every state, for every place a card lives (desk, each team,
// the reporter, a person's DM), in English and Chinese, with and without matches and a page link.
// Speed work on the card (docs/core-speed.md) must not change one byte of its blocks or its text:
// the file snapshot holds a digest of each card's JSON (as the Web API client sends it), the JSON
// itself for three.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SlackNotifier } from '../../adapters/slack/notifier.js';
import { PURPOSE } from '../../src/app/card-places.js';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { loadConfig } from '../../src/config/load.js';
import type { Command } from '../../src/core/commands.js';
import type { TriageConfig } from '../../src/core/config.js';
import { decide } from '../../src/core/process.js';
import { register } from '../../src/core/steps/register.js';
import type { Actor, Incident } from '../../src/core/types.js';

const en = loadConfig('config/example.en.yaml');
const zh: TriageConfig = { ...en, locale: 'zh-CN' };
const start = new Date('2026-06-08T09:00:00+08:00');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const person = (id: string): Actor => {
  const p = en.people.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return {
    id: p.id,
    name: p.name,
    roles: p.roles,
    teams: en.teams.filter((t) => t.lead === id || t.members.includes(id)).map((t) => t.id),
  };
};
const desk = person('alice');
const net = person('dana');
const apps = person('fatima');
// Not configured, as the bench's reporter.
const reporter: Actor = { id: 'bench-reporter', name: 'Bench <Reporter> & co', roles: [], teams: [] };

type Step = [Command, Actor];
const triage: Step[] = [
  [{ type: 'classify', nature: 'fault', category: 'network.vpn' }, desk],
  [{ type: 'prioritise', impact: 2, urgency: 2 }, desk],
  [{ type: 'decide_onsite', needed: false }, desk],
];
const close: Step[] = [
  [{ type: 'confirm' }, reporter],
  [{ type: 'close', code: null }, desk],
];
const secondLine = (steps: Step[]): Step[] => [
  ...triage,
  [{ type: 'no_match' }, desk],
  [{ type: 'assign', team: null, worklog: 'Restarted the client and checked the gateway: no change' }, desk],
  ...steps,
  ...close,
];
const PATHS: Step[][] = [
  [
    ...triage,
    [{ type: 'apply_match', matchRef: 'KB-1', solution: 'Restart', code: 'solved' }, desk],
    ...close,
  ],
  secondLine([
    [{ type: 'accept' }, net],
    [{ type: 'in_scope' }, net],
    [{ type: 'resolve', code: 'solved', solution: 'Fixed *the* <gateway> — 已修复', tested: true }, net],
  ]),
  secondLine([
    [{ type: 'decline', reason: 'Not ours & not the network', suggestedTeam: 'apps' }, net],
    [{ type: 'assign', team: 'apps' }, desk],
    [{ type: 'accept' }, apps],
    [{ type: 'resolve', code: 'workaround', solution: 'Unlock', tested: false }, apps],
  ]),
];

function states(cfg: TriageConfig): Incident[] {
  const all: Incident[] = [];
  PATHS.forEach((path, p) => {
    let incident = register(
      {
        id: `inc-slack-bytes-${p}`,
        sequence: 40 + p,
        title:
          p === 1 ? 'VPN drops every few minutes since this morning · VPN 频繁断开 <again>' : 'VPN drops',
        description: p === 2 ? '' : 'VPN drops when on the *office* Wi-Fi.\n在办公室 Wi-Fi 下断开 & 重连。',
        service: p === 0 ? null : 'VPN',
        severity: null,
        reporter: { id: reporter.id, name: reporter.name },
        reportedVia: 'slack',
      },
      at(p),
      cfg,
    ).incident;
    all.push(incident);
    path.forEach(([command, who], i) => {
      incident = decide(incident, command, who, at(p + 5 + i * 7), cfg).incident;
      all.push(incident);
    });
  });
  return all;
}

const MATCHES: MatchResult = {
  candidates: [
    {
      ref: 'KB-1',
      kind: 'known_error',
      title: 'VPN drops on office Wi-Fi <5 GHz>',
      snippet: 'Restart the client & re-join the *corp* network',
      score: 0.82,
      matchedWords: ['VPN', 'Wi-Fi'],
      sourceUrl: 'https://kb.example/KB-1',
      category: 'network.vpn',
      confident: true,
    },
    {
      ref: 'INC-000007',
      kind: 'incident',
      title: 'VPN 断开',
      snippet: '重启客户端',
      score: 0.41,
      matchedWords: ['VPN'],
      sourceUrl: null,
      category: null,
      confident: false,
      notHelpfulHere: true,
    },
  ],
  noGoodMatch: false,
};

const now = at(120);
function notifier(cfg: TriageConfig, web: boolean, matches: MatchResult): SlackNotifier {
  const deps = {
    config: cfg,
    service: {
      cardView: async (i: Incident, v: Actor, l?: 'en' | 'zh-CN') =>
        buildIncidentView(i, v, cfg, l ?? cfg.locale, now),
    },
    knowledge: { cardMatches: async () => matches },
    log: { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined },
    web: web ? { pageUrl: (path: string) => `https://itss.example/${path}?a=1&b=<2>` } : null,
  };
  return new SlackNotifier({} as never, deps as never);
}

const PURPOSES = [
  PURPOSE.desk,
  PURPOSE.reporter,
  'team_card:network',
  'team_card:apps',
  'dm_card:dana',
  'dm_card:alice',
];

async function cards(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [lang, cfg] of [
    ['en', en],
    ['zh-CN', zh],
  ] as const)
    for (const [n, incident] of states(cfg).entries())
      for (const purpose of PURPOSES) {
        const variant = n % 3;
        const matches = variant === 1 ? { candidates: [], noGoodMatch: true } : MATCHES;
        const card = await notifier(cfg, variant === 0, matches).cardFor(purpose, incident);
        if (card) out[`${lang} ${n} ${incident.status} ${purpose}`] = cardJsonOf(card);
      }
  return out;
}

// As WebClient sends them: the blocks as JSON (serializeBody), the text as is.
const cardJsonOf = (card: { blocks: unknown; text: string }) =>
  `${JSON.stringify(card.blocks)}\n${card.text}`;

const digest = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 24);

describe('Slack incident card bytes', () => {
  it('renders every state of the bench paths for every place, in both languages, exactly as before', async () => {
    const all = await cards();
    expect(Object.keys(all).length).toBeGreaterThan(300);
    const digests = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, digest(v)]));
    const whole = Object.fromEntries(
      ['en 0 registered desk_card', 'zh-CN 3 matching desk_card', 'en 13 accepted team_card:network'].map(
        (k) => [k, JSON.parse((all[k] ?? 'null\n').split('\n')[0] ?? 'null')],
      ),
    );
    await expect(`${JSON.stringify({ digests, whole }, null, 1)}\n`).toMatchFileSnapshot(
      '__snapshots__/slack-card-bytes.json',
    );
  });

  it('is a pure function of its input: the same cards twice, in another order too', async () => {
    const first = await cards();
    const again = await cards();
    expect(again).toEqual(first);
  });
});
