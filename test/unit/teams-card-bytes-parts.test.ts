// The Teams card parts teams-card-bytes.test.ts does not reach, byte for byte: the desk card's
// matching section with candidates (answers with and without a link, a weak one, one already
// said not to help), every action's form as a dialog for the desk and the team at every state of
// the bench's path, and "save as knowledge", in English and Chinese. Speed work on how the cards'
// data objects are made (docs/teams-speed.md, h/teamscpu) must not change one byte of them: the
// file snapshot holds a digest of each JSON (written on main's code before the change).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardJson } from '../../adapters/teams/card-json.js';
import { commandFormCard, saveKnowledgeFormCard } from '../../adapters/teams/form-cards.js';
import { CardRenderer } from '../../adapters/teams/render.js';
import { PURPOSE } from '../../src/app/card-places.js';
import type { MatchResult } from '../../src/app/knowledge-service.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { saveKnowledgeInputs } from '../../src/app/views/knowledge-forms.js';
import type { Locale } from '../../src/core/config.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { at, cfg, desk, pathStates, team } from '../support/teams-bench-path.js';

const LOCALES = ['en', 'zh-CN'] as const;
const states = () => pathStates('inc-parts-1', 43);

const now = at(90);
const view = (i: Incident, who: Actor, locale: Locale) => buildIncidentView(i, who, cfg, locale, now);

const candidate = (ref: string, over: Partial<MatchResult['candidates'][number]>) => ({
  ref,
  kind: 'article' as const,
  title: `Entry ${ref} · 条目`,
  snippet: 'Restart the batch scheduler — 重启调度器',
  score: 0.8,
  matchedWords: ['ERP', 'batch'],
  sourceUrl: null,
  category: 'business_apps.erp',
  confident: true,
  ...over,
});
const MATCHES: MatchResult = {
  noGoodMatch: false,
  candidates: [
    candidate('KB-000101', { kind: 'known_error', sourceUrl: 'https://kb.example/KB-000101', score: 0.91 }),
    candidate('KB-000102', { score: 0.74 }),
    candidate('INC-000007', { kind: 'incident', score: 0.41, confident: false, matchedWords: [] }),
    candidate('KB-000103', { score: 0.39, confident: false, notHelpfulHere: true }),
  ],
};
const renderer = new CardRenderer({
  service: {
    viewOf: (i: Incident, v: Actor, l: Locale) => view(i, v, l),
    cardView: async (i: Incident, v: Actor, l: Locale) => view(i, v, l),
  } as never,
  config: cfg,
  knowledge: { cardMatches: async () => MATCHES } as never,
  log: { warn: () => undefined },
  web: { pageUrl: (path: string) => `https://itss.example/${path}` } as never,
});

async function cards(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const all = states();
  for (const [n, incident] of all.entries())
    for (const locale of LOCALES) {
      // The desk card wherever it searches (matching shows the candidates, earlier states the hint).
      const desk1 = await renderer.render(PURPOSE.desk, incident, { actor: desk, locale });
      if (desk1) out[`${n} ${incident.status} desk card ${locale}`] = cardJson(desk1.card);
      // Every action's form as its dialog, for the desk and the team.
      for (const [name, who, p] of [
        ['desk', desk, PURPOSE.desk],
        ['team', team, 'team_card:apps'],
      ] as const) {
        const v = view(incident, who, locale);
        const ctx = { locale, timeZone: cfg.calendar.timeZone };
        for (const action of v.actions) {
          if (action.inputs.length === 0) continue;
          const d = { itss: 1 as const, c: action.command, i: incident.id, v: incident.version, p };
          const form = commandFormCard(v, action, d, ctx, { note: 'typed · 已填' });
          out[`${n} ${incident.status} ${name} form ${action.command} ${locale}`] = cardJson(form);
        }
        if (v.knowledgeActions.some((a) => a.action === 'save_knowledge')) {
          const d = { itss: 1 as const, i: incident.id, v: incident.version, p };
          const form = saveKnowledgeFormCard(v, saveKnowledgeInputs(incident, locale), d, ctx);
          out[`${n} ${incident.status} ${name} save_knowledge ${locale}`] = cardJson(form);
        }
      }
    }
  return out;
}

const digest = (json: string) => createHash('sha256').update(json).digest('hex').slice(0, 24);

describe('Teams card parts, bytes', () => {
  it('renders the matching section, every dialog form and save-as-knowledge exactly as before', async () => {
    const all = await cards();
    expect(Object.keys(all).some((k) => k.includes('matching desk card'))).toBe(true);
    expect(Object.keys(all).some((k) => k.includes('save_knowledge'))).toBe(true);
    expect(Object.keys(all).length).toBeGreaterThan(40);
    const digests = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, digest(v)]));
    const whole = JSON.parse(all['3 matching desk card en'] ?? 'null');
    await expect(`${JSON.stringify({ digests, whole }, null, 1)}\n`).toMatchFileSnapshot(
      '__snapshots__/teams-card-bytes-parts.json',
    );
  });
});
