// Card matches are cached per knowledge-base version (src/app/match-cache.ts): a card
// re-rendered with nothing changed does not search again, and after an import, a publish or a
// "didn't help" made by another process the next card shows the new answer, never the old one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldIncidentsOf } from '../../db/held-incidents.js';
import { createMatching } from '../../db/knowledge-search.js';
import { createKnowledgeStore } from '../../db/knowledge-store.js';
import { KnowledgeService } from '../../src/app/knowledge-service.js';
import type { KnowledgePort, MatchingPort } from '../../src/app/ports.js';
import { TriageService } from '../../src/app/triage-service.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { defaultAnalyzer } from '../../src/matching/production-analyzer.js';
import { actorFor, REPORTED_AT, testConfig } from '../fixtures/config.js';
import { knowledgeEntry } from '../fixtures/knowledge.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { countWrites } from '../support/socket-writes.js';
import { watchStatementsOf } from '../support/statements.js';

const alice = actorFor('alice');
const reporter: Actor = { id: 'slack:UREPORTER', name: 'Wang Fang', roles: [], teams: [] };

describe.each(backends)('card matches cached per knowledge-base version on $name', ({ name, open }) => {
  let b: OpenBackend;
  let triage: TriageService;
  /** The process that renders cards, and how many searches it ran. */
  let cards: KnowledgeService;
  let searches = 0;
  /** Another process: imports and feedback come from there. */
  let other: KnowledgeService;
  let otherStore: KnowledgePort;
  let now = REPORTED_AT;

  beforeAll(async () => {
    b = await open();
    const analyzer = defaultAnalyzer();
    const clock = { now: () => now };
    triage = new TriageService(b.storage, testConfig(), clock);
    const matching = createMatching(b.db, analyzer);
    const counted: MatchingPort = {
      ...matching,
      findMatches: (query, opts) => {
        searches++;
        return matching.findMatches(query, opts);
      },
    };
    cards = new KnowledgeService(triage, counted, createKnowledgeStore(b.db, analyzer));
    otherStore = createKnowledgeStore(b.db, analyzer);
    other = new KnowledgeService(triage, createMatching(b.db, analyzer), otherStore);
  });
  afterAll(() => b.close());

  async function inMatching(title: string): Promise<Incident> {
    let { incident } = await triage.report(
      { title, description: '', service: null, severity: null },
      reporter,
    );
    for (const command of [
      { type: 'classify', nature: 'fault', category: 'vpn' },
      { type: 'prioritise', impact: 3, urgency: 3 },
      { type: 'decide_onsite', needed: false },
    ] as const) {
      now = new Date(now.getTime() + 60_000);
      incident = (await triage.execute(incident.id, command, alice)).incident;
    }
    return incident;
  }

  it('searches once while nothing changes, and shows an entry imported elsewhere at once', async () => {
    const incident = await inMatching('Zebrafax gateway refuses every login');
    const before = searches;
    const first = await cards.cardMatches(incident);
    expect(first.candidates.map((c) => c.ref)).not.toContain('KB-ZF');
    expect(await cards.cardMatches(incident)).toBe(first);
    expect(searches).toBe(before + 1);

    await otherStore.importEntries([
      knowledgeEntry('KB-ZF', {
        title: 'Zebrafax gateway refuses every login',
        solution: 'Reset the Zebrafax gateway token.',
        category: 'vpn',
      }),
    ]);
    const after = await cards.cardMatches(incident);
    expect(after.candidates[0]?.ref).toBe('KB-ZF');
    expect(searches).toBe(before + 2);
  });

  it('drops an answer at once after "didn\'t help" given in another process', async () => {
    const incident = await inMatching('Zebrafax gateway refuses every login again');
    const shown = await cards.cardMatches(incident);
    const top = shown.candidates.find((c) => c.ref === 'KB-ZF');
    expect(top?.confident).toBe(true);
    await other.notHelpful(incident.id, 'KB-ZF', alice, 'token already reset');
    const again = await cards.cardMatches(incident);
    expect(again.candidates.find((c) => c.ref === 'KB-ZF')?.score).toBeLessThan(top?.score ?? 0);
  });

  it('stops offering a retired entry at once', async () => {
    const incident = await inMatching('Zebrafax gateway login refused for everyone');
    expect((await cards.cardMatches(incident)).candidates[0]?.ref).toBe('KB-ZF');
    await other.review('KB-ZF', 'retired', alice);
    expect((await cards.cardMatches(incident)).candidates.map((c) => c.ref)).not.toContain('KB-ZF');
  });

  /** Reported and classified (before IM2.7: the desk card shows early matches), card rendered. */
  async function classified(title: string): Promise<Incident> {
    const { incident } = await triage.report(
      { title, description: '', service: null, severity: null },
      reporter,
    );
    now = new Date(now.getTime() + 60_000);
    const command = { type: 'classify', nature: 'fault', category: 'vpn' } as const;
    const result = await cards.runFromChat(incident.id, command, alice);
    await cards.cardMatches(result.incident);
    return result.incident;
  }

  /** A desk click before IM2.7 as an adapter runs it: the command, then the card's matches. */
  async function deskClick(incident: Incident) {
    now = new Date(now.getTime() + 60_000);
    const command = { type: 'prioritise', impact: 3, urgency: 3 } as const;
    const opts = { idempotencyKey: `click-${incident.id}`, expectedVersion: incident.version };
    const result = await cards.runFromChat(incident.id, command, alice, opts);
    return { result, matches: await cards.cardMatches(result.incident, undefined, result.knowledgeVersion) };
  }

  /** A desk click with every statement it runs named and its socket writes counted. */
  async function watchedDeskClick(incident: Incident) {
    // Every statement by name, in transactions too (test/support/statements.ts).
    const statements = watchStatementsOf(b.db);
    try {
      const writes = await countWrites(() => deskClick(incident));
      return { writes, named: statements.names() };
    } finally {
      statements.stop();
    }
  }

  it('a desk click before IM2.7 reads the knowledge-base version in its first round trip, none after its commit', async () => {
    // Every statement of both paths prepared first.
    const warm = await classified('Quorbex spooler jams on every print');
    heldIncidentsOf(b.db).drop(warm.id);
    await deskClick(warm);
    await deskClick(await classified('Quorbex spooler jams on every print'));
    // The locked path (PGlite's only one; on PostgreSQL when this process does not hold the
    // incident): BEGIN + key + lock + load (and version) | write + COMMIT; before: a third, the
    // version read.
    const locked = await classified('Quorbex spooler jams on every print');
    heldIncidentsOf(b.db).drop(locked.id);
    let before = searches;
    const slow = await watchedDeskClick(locked);
    expect(slow.named).toContain('load_incident_and_knowledge');
    expect(slow.named).not.toContain('knowledge_version');
    expect(searches).toBe(before); // the classify card's search served it: same text, same version
    if (name === 'postgres') expect(slow.writes).toBe(2);
    if (name !== 'postgres') return;
    // Held at the card's version (this process's classify wrote it): one statement, which reads
    // the version itself (Storage.oneStatement).
    const incident = await classified('Quorbex spooler jams on every print');
    before = searches;
    const fast = await watchedDeskClick(incident);
    expect(fast.named).toEqual([expect.stringMatching(/^alone_change_\d+_keyed$/)]);
    expect(searches).toBe(before);
    expect(fast.writes).toBe(1);
  });

  it("a click's card shows what was imported before the click, and after it at the next render", async () => {
    const incident = await classified('Quorbex toner sensor reports empty cartridge');
    expect((await cards.cardMatches(incident)).candidates.map((c) => c.ref)).not.toContain('KB-QX');
    const entry = (ref: string) =>
      knowledgeEntry(ref, {
        title: 'Quorbex toner sensor reports empty cartridge',
        solution: 'Clean the Quorbex toner sensor.',
        category: 'vpn',
      });
    // Committed before the click began: its transaction's load sees it, so its card shows it.
    await otherStore.importEntries([entry('KB-QX')]);
    const { result, matches } = await deskClick(incident);
    expect(matches.candidates[0]?.ref).toBe('KB-QX');

    // Committed after the click's load, before its card (simulated: after the command, before
    // the render): that one render may show the answer as of the load ...
    const { result: next } = await deskClick(result.incident);
    await otherStore.importEntries([entry('KB-QY')]);
    const late = await cards.cardMatches(next.incident, undefined, next.knowledgeVersion);
    expect(late.candidates.map((c) => c.ref)).toEqual(matches.candidates.map((c) => c.ref));
    // ... and every render that reads the version shows the import; after that, the older
    // version's answer is not handed out again, not even to that click's own card.
    expect((await cards.cardMatches(next.incident)).candidates.map((c) => c.ref)).toContain('KB-QY');
    const again = await cards.cardMatches(next.incident, undefined, next.knowledgeVersion);
    expect(again.candidates.map((c) => c.ref)).toContain('KB-QY');
  });

  it('reads the knowledge-base version once for a burst of card renders', async () => {
    const statements = watchStatementsOf(b.db);
    try {
      const matching = createMatching(b.db, defaultAnalyzer());
      const versions = await Promise.all(Array.from({ length: 20 }, () => matching.version()));
      expect(new Set(versions).size).toBe(1);
      const reads = statements.names().filter((n) => n === 'knowledge_version').length;
      expect(reads).toBeGreaterThanOrEqual(1);
      expect(reads).toBeLessThanOrEqual(2); // the first at once, the other 19 share the next
    } finally {
      statements.stop();
    }
  });
});
