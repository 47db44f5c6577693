// IM5.1 satisfaction over Slack's wire: the reporter rates with one click on the buttons the bot
// actually posted in their DM (a comment typed on the card travels with the click); a second
// rating and anyone else are refused in words; the trail has IM5.1 "rated" without the comment.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorById } from '../../../src/app/identity.js';
import { createLogger } from '../../../src/app/log.js';
import type { Command } from '../../../src/core/commands.js';
import { blockKitProblems, type Harness, type PostedMessage, startHarness, TO, user } from './harness.js';

const reporter = user('UREPORTER', 'wang.fang');
const alice = user('UALICE', 'alice');
const COMMENT_BLOCK = 'itss:in:rate:comment';
const COMMENT = '很快，谢谢 COMMENT-MARKER-8d1f';

const rateButtons = (m: PostedMessage) =>
  m.blocks
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .filter((e) => (e.action_id ?? '').startsWith('itss:do:rate#'));

describe('Slack: the reporter rates the handling', () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startHarness({
      log: createLogger('debug', { write: (line: string) => void lines.push(line) }),
    });
  });
  afterAll(() => h.close());

  async function resolved(title: string) {
    const inc = await h.incident(title, TO.attempting);
    const desk = actorById(h.config, 'alice');
    await h.service.execute(
      inc.id,
      { type: 'resolve', code: 'solved', solution: 'Restarted', tested: true },
      desk,
    );
    await h.settle();
    return inc;
  }

  it('the comment is read by the desk and the reporter; the team’s card shows the score only', async () => {
    const inc = await h.incident('Wi-Fi slow on 3F', TO.assigned);
    const nick = actorById(h.config, 'nick');
    const steps: Command[] = [
      { type: 'accept' },
      { type: 'in_scope' },
      { type: 'resolve', code: 'solved', solution: 'Replaced the access point', tested: true },
    ];
    for (const c of steps) await h.service.execute(inc.id, c, nick);
    await h.settle();
    await h.click(reporter, h.recorder.card('DUREPORTER', inc.number), 'itss:do:confirm');
    await h.settle();
    h.clock.advance(1);
    const card = h.recorder.card('DUREPORTER', inc.number);
    await h.click(reporter, card, 'itss:do:rate#', { text: '4 ·', typed: { [COMMENT_BLOCK]: COMMENT } });
    await h.settle();
    const shown = (channel: string) => JSON.stringify(h.recorder.card(channel, inc.number).blocks);
    expect(shown('CNETWORK')).toContain('4/5');
    expect(shown('CNETWORK')).not.toContain('COMMENT-MARKER');
    expect(shown('CDESK')).toContain('COMMENT-MARKER');
    expect(shown('DUREPORTER')).toContain('COMMENT-MARKER');
  });

  it('after "Fixed": one click with a comment, once; others and a second rating refused', async () => {
    const inc = await resolved('Printer offline');
    await h.click(reporter, h.recorder.card('DUREPORTER', inc.number), 'itss:do:confirm');
    await h.settle();
    const card = h.recorder.card('DUREPORTER', inc.number);
    expect(rateButtons(card).map((e) => e.text?.text)).toEqual([
      '1 · 很不满意',
      '2 · 不满意',
      '3 · 一般',
      '4 · 满意',
      '5 · 非常满意',
    ]);
    expect(card.blocks.some((b) => b.block_id === COMMENT_BLOCK && b.optional)).toBe(true);
    const seen = structuredClone(card);
    h.clock.advance(1); // a person's clicks are minutes apart (the same instant reads as a double click)

    // Someone else clicking the reporter's buttons is told who may, and nothing is stored.
    await h.click(alice, card, 'itss:do:rate#', { text: '1 ·' });
    await h.settle();
    expect(h.recorder.ephemerals('UALICE').at(-1)).toBe('Only the reporter may rate the handling.');
    expect((await h.storage.getIncident(inc.id))?.satisfaction).toBeNull();

    await h.click(reporter, card, 'itss:do:rate#', { text: '4 ·', typed: { [COMMENT_BLOCK]: COMMENT } });
    await h.settle();
    const rated = await h.storage.getIncident(inc.id);
    expect(rated?.satisfaction).toMatchObject({ score: 4, comment: COMMENT, after: 'confirmed' });
    const audit = (await h.storage.listAudit(inc.id)).filter((a) => a.action === 'rated');
    expect(audit.map((a) => [a.step, a.actorId, a.payload])).toEqual([
      ['IM5.1', 'slack:UREPORTER', { score: 4, comment: true, after: 'confirmed' }],
    ]);
    // One name for the reporter all along the trail: the display name users.info gives (as on
    // the cards and at IM1), not the login name the click's payload carries ("wang.fang").
    const trail = (await h.storage.listAudit(inc.id)).filter((a) => a.actorId === 'slack:UREPORTER');
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['reporter_confirmed', 'rated']));
    expect([...new Set(trail.map((a) => a.actorName))]).toEqual(['Wang Fang']);
    expect(h.recorder.posted('DUREPORTER').at(-1)?.text).toContain('感谢您对');
    // The card no longer asks, and shows the rating.
    const after = h.recorder.card('DUREPORTER', inc.number);
    expect(rateButtons(after)).toEqual([]);
    expect(JSON.stringify(after.blocks)).toContain('4/5 分');

    // A second rating from the card as it was before: refused politely, in their language.
    await h.click(reporter, seen, 'itss:do:rate#', { text: '1 ·' });
    await h.settle();
    expect(h.recorder.ephemerals('UREPORTER').at(-1)).toContain('每个事件只接受一次评价');
    expect((await h.storage.getIncident(inc.id))?.satisfaction?.score).toBe(4);
    expect((await h.storage.listAudit(inc.id)).filter((a) => a.action === 'rated')).toHaveLength(1);
    expect(blockKitProblems(h.recorder.calls)).toEqual([]);
  });

  it('closed without the reporter: asked in their DM with the card, one click rates', async () => {
    const inc = await resolved('Scanner jammed');
    h.clock.advance(10 * 24 * 60); // past the configured silence
    await h.service.execute(inc.id, { type: 'close', code: null }, actorById(h.config, 'alice'));
    await h.settle();
    const ask = h.recorder
      .posted('DUREPORTER')
      .filter((m) => m.text.includes(inc.number))
      .at(-2);
    expect(ask?.text).toContain('请在卡片上一键评分');
    const card = h.recorder.card('DUREPORTER', inc.number);
    await h.click(reporter, card, 'itss:do:rate#', { text: '2 ·' });
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.satisfaction).toMatchObject({
      score: 2,
      comment: null,
      after: 'closed_without_reporter',
    });
  });

  it('a comment never reaches the log, not even when its write fails', async () => {
    const inc = await resolved('Laptop fan loud');
    await h.click(reporter, h.recorder.card('DUREPORTER', inc.number), 'itss:do:confirm');
    await h.settle();
    h.clock.advance(1);
    // PostgreSQL refuses the row and would quote it whole in its error detail.
    await h.backend.db.orm.execute(
      sql.raw(
        `ALTER TABLE incidents ADD CONSTRAINT no_markers CHECK (satisfaction_comment NOT LIKE '%REFUSED-MARKER%')`,
      ),
    );
    const card = h.recorder.card('DUREPORTER', inc.number);
    await h.click(reporter, card, 'itss:do:rate#', {
      text: '5 ·',
      typed: { [COMMENT_BLOCK]: '太慢了 REFUSED-MARKER-41c7' },
    });
    await h.settle();
    expect((await h.storage.getIncident(inc.id))?.satisfaction).toBeNull();
    expect(lines.some((l) => l.includes('"level":50'))).toBe(true); // the failure was logged…
    const all = lines.join('\n');
    for (const marker of ['COMMENT-MARKER', 'REFUSED-MARKER']) expect(all).not.toContain(marker); // …without the words
  });
});
