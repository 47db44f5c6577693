// The Adaptive Card renderer on its own: people's words never become markup, cards stay within
// Teams' size limit however large the configuration or the texts (forms move to dialogs first),
// and times typed into Input.Date + Input.Time are read in the desk's time zone.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { answerPieces, jsonFits } from '../../../adapters/teams/card-json.js';
import { botResponse } from '../../../adapters/teams/start.js';

const answerJson = (body: unknown) => answerPieces(body).join('');

import { incidentCard } from '../../../adapters/teams/cards.js';
import { reportFormCard } from '../../../adapters/teams/form-cards.js';
import { escapeMarkdown, LIMITS, zonedIso, zonedParts } from '../../../adapters/teams/text.js';
import type { MatchResult } from '../../../src/app/knowledge-service.js';
import type { MatchCandidate } from '../../../src/app/ports.js';
import { buildIncidentView } from '../../../src/app/views/incident-view.js';
import type { CategoryDef, PersonDef, TeamDef, TriageConfig } from '../../../src/core/config.js';
import type { Actor, Incident } from '../../../src/core/types.js';
import { actorFor, anIncident, REPORTED_AT, testConfig } from '../../fixtures/config.js';
import { actionsOf, cardProblems, commandAction, type Json, textsOf } from './harness.js';

const desk: Actor = { id: 'teams:~desk', name: '', roles: ['agent'], teams: [] };

function render(
  incident: Incident,
  cfg: TriageConfig,
  viewer: Actor = desk,
  purpose = 'desk_card',
  matches: MatchResult | null = null,
): Json {
  const view = buildIncidentView(incident, viewer, cfg, 'en', REPORTED_AT);
  return incidentCard(view, { purpose, timeZone: cfg.calendar.timeZone, hint: 'hint', matches });
}

const candidate = (ref: string, more: Partial<MatchCandidate> = {}): MatchCandidate => ({
  ref,
  kind: 'article',
  title: `Entry ${ref}`,
  snippet: 'Restart the service.',
  score: 0.8,
  matchedWords: ['vpn'],
  sourceUrl: null,
  category: null,
  confident: true,
  ...more,
});

const inMatching = (cfg: TriageConfig, more: Partial<Incident> = {}) =>
  anIncident({ status: 'matching', nature: 'fault', category: 'vpn', priorityConfirmed: true, ...more }, cfg);

/** A configuration far beyond a normal one: hundreds of categories, dozens of teams and engineers. */
function hugeConfig(): TriageConfig {
  const base = testConfig();
  const long = (s: string) => `${s} ${'with a rather long descriptive label '.repeat(2)}`;
  const teams: TeamDef[] = Array.from({ length: 40 }, (_, i) => ({
    id: `team${i}`,
    label: { en: long(`Team ${i}`), 'zh-CN': `团队 ${i}` },
    lead: null,
    members: [],
    channels: { teams: `19:team${i}@thread.tacv2` },
  }));
  const categories: CategoryDef[] = Array.from({ length: 300 }, (_, i) => ({
    id: `cat${i}`,
    label: { en: long(`Category ${i}`), 'zh-CN': `类别 ${i}` },
    parent: i < 20 ? null : `cat${i % 20}`,
    team: `team${i % 40}`,
  }));
  const engineers: PersonDef[] = Array.from({ length: 80 }, (_, i) => ({
    id: `eng${i}`,
    name: long(`Engineer ${i}`),
    roles: ['onsite'],
    accounts: { teams: `29:eng${i}` },
    locale: null,
  }));
  return { ...base, teams: [...base.teams, ...teams], categories, people: [...base.people, ...engineers] };
}

describe('Teams cards: people’s words are never markup', () => {
  it('escapes markdown and HTML in message text', () => {
    const text =
      '**bold** _it_ <at>Everyone</at> [click](http://evil) `code` # not a heading\n# heading\n- item\n1. first & more';
    const escaped = escapeMarkdown(text);
    expect(escaped).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ &lt;at&gt;Everyone&lt;/at&gt; \\[click\\](http://evil) \\`code\\` # not a heading\n\\# heading\n\\- item\n1\\. first &amp; more',
    );
    expect(escaped).not.toMatch(/<at>/);
    // What Teams does not render stays as people wrote it.
    expect(escapeMarkdown('Hello! INC-000001 (P2) | 50% done #3')).toBe(
      'Hello! INC-000001 (P2) | 50% done #3',
    );
    // Brackets that cannot form a link keep no stray backslash (Teams trial 2026-12-07).
    expect(escapeMarkdown('[KB-PRN-1] Open tray 2 · 报表 [week|month]')).toBe(
      '[KB-PRN-1] Open tray 2 · 报表 [week|month]',
    );
  });

  it('puts every text of the incident into TextRuns, never TextBlocks', () => {
    const cfg = testConfig();
    const evil = '**x** <at>all</at> [y](http://evil.example)';
    const card = render(
      anIncident({ title: evil, description: evil, reporterName: evil, service: evil }, cfg),
      cfg,
    );
    expect(JSON.stringify(card)).not.toContain('"TextBlock"');
    expect(textsOf(card).filter((t) => t === evil)).toHaveLength(4); // title, description, reporter, service
    expect(cardProblems(card)).toEqual([]);
  });

  it('shows knowledge entries as TextRuns and links only http(s) sources', () => {
    const cfg = testConfig();
    const evil = '**x** <at>all</at> [y](http://evil.example)';
    const matches = {
      candidates: [
        candidate('KB-1', { title: evil, snippet: evil, sourceUrl: 'javascript:alert(1)' }),
        candidate('KB-2', { sourceUrl: 'https://kb.example/KB-2', confident: false, score: 0.2 }),
      ],
      noGoodMatch: false,
    };
    const card = render(inMatching(cfg), cfg, desk, 'desk_card', matches);
    expect(JSON.stringify(card)).not.toContain('"TextBlock"');
    expect(textsOf(card).filter((t) => t === evil)).toHaveLength(2); // title, snippet
    const links = actionsOf(card).filter((a) => a.type === 'Action.OpenUrl');
    expect(links).toEqual([
      { type: 'Action.OpenUrl', title: 'Source: KB-2', url: 'https://kb.example/KB-2' },
    ]);
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('Teams cards: within Teams’ size limit', () => {
  const cfg = hugeConfig();

  it('moves the IM2.1 form to a dialog when the categories would not fit on the card', () => {
    const incident = anIncident({ description: 'd'.repeat(8000), title: 't'.repeat(200) }, cfg);
    const card = render(incident, cfg);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(LIMITS.cardBytes);
    expect(commandAction(card, 'classify')?.type).toBe('Action.Submit'); // opens a dialog
    expect(cardProblems(card)).toEqual([]);
  });

  it('keeps every state of a busy incident within the limit, for every viewer', () => {
    const declines = Array.from({ length: 12 }, (_, i) => ({
      team: `team${i}`,
      by: 'nick',
      at: REPORTED_AT,
      reason: `Not ours ${'because of many reasons '.repeat(30)}`,
      suggestedTeam: `team${i + 1}`,
      suggestion: null,
    }));
    const viewers = [
      desk,
      actorFor('nora'),
      { id: 'u-wangfang', name: 'Wang', roles: [], teams: [] } as Actor,
    ];
    for (const status of [
      'registered',
      'classified',
      'attempting',
      'declined',
      'assigned',
      'resolved',
    ] as const) {
      const incident = anIncident(
        {
          status,
          nature: 'fault',
          category: 'cat25',
          impact: 2,
          urgency: 2,
          priority: 2,
          priorityConfirmed: true,
          assignedTeam: status === 'assigned' ? 'network' : null,
          declines,
          description: '说明'.repeat(3000),
          resolution:
            status === 'resolved'
              ? {
                  code: 'solved',
                  solution: 's'.repeat(4000),
                  tested: true,
                  by: 'nora',
                  at: REPORTED_AT,
                  matchRef: null,
                  savedAs: null,
                }
              : null,
        },
        cfg,
      );
      for (const viewer of viewers) {
        const card = render(incident, cfg, viewer);
        expect(Buffer.byteLength(JSON.stringify(card)), `${status} as ${viewer.id}`).toBeLessThanOrEqual(
          LIMITS.cardBytes,
        );
        expect(cardProblems(card), `${status} as ${viewer.id}`).toEqual([]);
        expect(actionsOf(card).length).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('keeps a matching card with five long candidates within the limit', () => {
    const long = (s: string) => `${s} ${'检查网络配置并重启客户端 '.repeat(200)}`;
    const candidates = Array.from({ length: 5 }, (_, i) =>
      candidate(`KB-${i}`, {
        title: long('title'),
        snippet: long('snippet'),
        matchedWords: Array.from({ length: 40 }, (_, k) => `词${k}`),
        sourceUrl: `https://kb.example/${'x'.repeat(500)}`,
        confident: i < 2,
      }),
    );
    const incident = inMatching(cfg, { category: 'cat3', description: '说明'.repeat(3000) });
    const card = render(incident, cfg, desk, 'desk_card', { candidates, noGoodMatch: false });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(LIMITS.cardBytes);
    expect(actionsOf(card).filter((a) => (a.data as Json | undefined)?.c === 'apply_match')).toHaveLength(5);
    expect(cardProblems(card)).toEqual([]);
  });

  it('writes the invoke answer on the wire byte for byte as JSON.stringify’s, with its length', async () => {
    const card = render(
      anIncident({ description: '说明 "quoted" \u0001 \ud83d\ude00 lone \ud800 —'.repeat(40) }, cfg),
      cfg,
    );
    const bodies: unknown[] = [
      { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
      { value: card, at: new Date(0) },
      { statusCode: 200 },
      'plain text 说明',
      () => 1,
    ];
    let next: unknown;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const out = botResponse(res as never);
        out.status(200);
        out.send(next);
        out.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      for (const body of bodies) {
        next = body;
        const got = await fetch(url, { method: 'POST', body: '{}' });
        const bytes = Buffer.from(await got.arrayBuffer());
        const expected = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
        expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true);
        expect(Number(got.headers.get('content-length'))).toBe(bytes.length);
        expect(got.headers.get('content-type')).toMatch(
          typeof body === 'string' ? /^text\/plain/ : /^application\/json/,
        );
      }
    } finally {
      server.close();
    }
  });

  it('serialises a card once: the invoke answer carrying it is byte for byte JSON.stringify’s', () => {
    const odd = [
      'plain',
      '说明文字',
      '"quoted" \\ back',
      'tab\tnew\nline',
      '\u0001\u001f',
      '\ud83d\ude00',
      'lone \ud800',
    ];
    const card = render(anIncident({ description: odd.join(' ').repeat(50) }, cfg), cfg);
    const answer = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
    expect(answerJson(answer)).toBe(JSON.stringify(answer));
    // The answer takes the card's JSON from its size check: JSON.stringify never sees the card again.
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      answerJson(answer);
      const serialised = stringify.mock.calls.map(([v]) => v);
      expect(serialised).not.toContain(card);
      expect(serialised).not.toContain(answer);
    } finally {
      stringify.mockRestore();
    }
    // Anything else, and what JSON itself leaves out or calls toJSON on, as JSON.stringify has it.
    const others: unknown[] = [
      { value: card, skipped: undefined, f: () => 1, n: null },
      { value: card, at: new Date(0) },
      { value: card, keyed: { toJSON: (key: string) => `at ${key}` } },
      { value: { ...card } },
      [card, 1],
      { value: card, toJSON: () => 'own' },
      {},
      'text',
    ];
    for (const v of [...others, { first: card, skipped: undefined }, { a: undefined, value: card }])
      expect(answerJson(v)).toBe(JSON.stringify(v));
  });

  it('measures a card’s UTF-8 bytes whenever its JSON is long enough to pass the limit', () => {
    // Up to limit / 3 UTF-16 units nothing can exceed it (3 bytes each at most); beyond, it is counted.
    expect(jsonFits('a'.repeat(8000), 24_000)).toBe(true);
    expect(jsonFits('a'.repeat(20_000), 24_000)).toBe(true);
    expect(jsonFits('说'.repeat(8000), 24_000)).toBe(true);
    expect(jsonFits('说'.repeat(8001), 24_000)).toBe(false);
    expect(jsonFits(`${'a'.repeat(7998)}\ud83d\ude00`, 24_000)).toBe(true);
    expect(jsonFits('\ud83d\ude00'.repeat(6001), 24_000)).toBe(false);
  });

  it('never shows more than five actions in a row', () => {
    const incident = anIncident(
      { status: 'attempting', nature: 'fault', category: 'cat3', priorityConfirmed: true },
      cfg,
    );
    const card = render(incident, cfg);
    expect((card.actions as Json[]).length).toBeLessThanOrEqual(5);
    const more = (card.actions as Json[]).at(-1) as Json;
    expect(more.type).toBe('Action.ShowCard');
    expect(cardProblems(card)).toEqual([]);
  });

  it('renders a valid report form', () => {
    expect(cardProblems(reportFormCard('zh-CN', { title: 'x', description: 'y' }, 'card'))).toEqual([]);
    expect(
      cardProblems(reportFormCard('en', { title: '', description: '' }, 'dialog', 'Please check')),
    ).toEqual([]);
  });
});

describe('Teams cards: date and time inputs', () => {
  it('reads Input.Date + Input.Time as wall-clock time in the zone, across DST', () => {
    expect(zonedIso('2026-06-08', '14:00', 'Asia/Shanghai')).toBe('2026-06-08T06:00:00.000Z');
    expect(zonedIso('2026-03-29', '03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedIso('2026-10-25', '12:00', 'Europe/Berlin')).toBe('2026-10-25T11:00:00.000Z');
    expect(zonedIso('2026-06-08', '', 'Asia/Shanghai')).toBeNull();
    expect(zonedIso('8 June', '14:00', 'Asia/Shanghai')).toBeNull();
    expect(zonedParts(new Date('2026-06-08T06:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-06-08',
      time: '14:00',
    });
  });
});
