// IM2.7 latency: the frequencies and typo repairs of words seen before come from a per-version
// cache, so a report needs one statement (the search). The property that must not be lost with
// it: a cached answer is never used once the corpus has changed (the search reads the version).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatching } from '../../db/knowledge-search.js';
import { createKnowledgeStore } from '../../db/knowledge-store.js';
import type { KnowledgePort, MatchingPort } from '../../src/app/ports.js';
import { defaultAnalyzer } from '../../src/matching/production-analyzer.js';
import { knowledgeEntry } from '../fixtures/knowledge.js';
import { backends, type OpenBackend } from '../support/databases.js';
import { watchStatementsOf } from '../support/statements.js';

const analyzer = defaultAnalyzer();
const printer = (ref: string, title: string) =>
  knowledgeEntry(ref, { title, symptoms: 'Jobs stay in the queue.', solution: 'Restart the spooler.' });

describe.each(backends)('knowledge corpus cache on $name', ({ open }) => {
  let b: OpenBackend;
  let store: KnowledgePort;
  let cached: MatchingPort;

  beforeAll(async () => {
    b = await open();
    store = createKnowledgeStore(b.db, analyzer);
    await store.importEntries([printer('KB-1', 'Printer shows offline'), printer('KB-2', 'Scanner jams')]);
    cached = createMatching(b.db, analyzer);
  });
  afterAll(() => b.close());

  const report = { title: 'kingdde printer offline, seats all used', description: '', category: null };
  /** What a port with nothing cached answers: the database's frequencies of now. */
  const fresh = () => createMatching(b.db, analyzer).findMatches(report, { limit: 5 });

  it('answers a repeated report with one statement, and as a fresh search does', async () => {
    expect(await cached.findMatches(report, { limit: 5 })).toEqual(await fresh());
    const statements = watchStatementsOf(b.db);
    const again = await cached.findMatches(report, { limit: 5 });
    expect(statements.names()).toEqual(['knowledge_search']);
    statements.stop();
    expect(again).toEqual(await fresh());
  });

  it('never ranks with frequencies or repairs of an older corpus', async () => {
    await cached.findMatches(report, { limit: 5 });
    // The new entries change the printer's IDF and bring the word "kingdee" that repairs the typo.
    await store.importEntries([
      knowledgeEntry('KB-3', {
        title: 'Kingdee licence monitor shows all seats used',
        solution: 'Clear idle sessions.',
      }),
      printer('KB-4', 'Printer offline after update'),
      printer('KB-5', 'Printer offline on the third floor'),
    ]);
    const after = await cached.findMatches(report, { limit: 5 });
    expect(after).toEqual(await fresh());
    expect(after.map((c) => c.ref)).toContain('KB-3');
  });

  // A card answers with the version its command read (KnowledgeService.cardMatches): a cached
  // "nothing can match" of that version is its answer, with no statement to check it.
  it('takes a cached "nothing can match" of the version the caller read, and re-reads for a newer one', async () => {
    const nothing = { title: 'Teams meeting audio echo', description: 'headset crackles', category: null };
    const version = await cached.version();
    expect(await cached.findMatches(nothing, { limit: 5 })).toEqual([]); // the words are now cached
    const statements = watchStatementsOf(b.db);
    expect(await cached.findMatches(nothing, { limit: 5, knowledgeVersion: version })).toEqual([]);
    expect(statements.names()).toEqual([]);
    await cached.findMatches(nothing, { limit: 5 }); // no version said: checked, as before
    expect(statements.names()).toEqual(['knowledge_corpus_stats']);
    statements.stop();
    await store.importEntries([
      knowledgeEntry('KB-6', { title: 'Teams meeting audio echo', solution: 'Turn on noise suppression.' }),
    ]);
    const newer = await cached.version();
    expect(newer).not.toBe(version);
    const found = await cached.findMatches(nothing, { limit: 5, knowledgeVersion: newer });
    expect(found.map((c) => c.ref)).toContain('KB-6');
  });
});
