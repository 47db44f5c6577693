// The knowledge base through Teams (IM2.7 → IM2.8 → IM4.1 and "save as knowledge"): a hint of
// confident entries on a fresh report's desk card; seeded entries on the desk card with score, matched words and source; "no good match" instead of a
// weak answer; "didn't help" and "search again" recorded once and refused to the reporter;
// "apply" through its dialog counting as "helped"; a resolution saved as a draft entry.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeEntry, KnowledgeEntryInput } from '../../../src/app/ports.js';
import { DomainError } from '../../../src/core/errors.js';
import type { Incident } from '../../../src/core/types.js';
import { errorMessage, t } from '../../../src/i18n/index.js';
import { knowledgeEntry } from '../../fixtures/knowledge.js';
import { refuseFeedback } from '../../support/refuse-feedback.js';
import {
  actionsOf,
  channelConversation,
  dataOf,
  type Harness,
  inputIdsOf,
  inputOf,
  type Json,
  personalChat,
  startHarness,
  TEAM_ID,
  textsOf,
  user,
} from './harness.js';

const DESK = '19:desk@thread.tacv2';
const PRINTER = 'KB-100001';
const SPOOLER = 'KB-100002';

let h: Harness;
const alice = user('alice'); // desk agent, English
const bob = user('bob'); // desk agent, Chinese
const wang = { id: '29:wang', name: 'Wang Fang', aadObjectId: 'aad-wang' };

const entry = (ref: string, more: Partial<KnowledgeEntryInput>): KnowledgeEntryInput =>
  knowledgeEntry(ref, { lastVerifiedAt: new Date('2026-01-15T00:00:00Z'), ...more });

beforeAll(async () => {
  h = await startHarness();
  h.connector.channels = [
    { id: TEAM_ID, name: 'General' },
    { id: DESK, name: 'Service desk' },
  ];
  await h.post(h.activity('installationUpdate', alice, channelConversation(TEAM_ID), { action: 'add' }));
  await h.knowledge.knowledge.importEntries([
    entry(PRINTER, {
      title: 'Printer shows offline and will not print',
      symptoms: 'Jobs stay in the print queue and the printer status reads Offline.',
      solution: 'Untick "Use Printer Offline", then restart the Print Spooler service.',
      category: 'printers',
      tags: ['printer', 'offline'],
      sourceUrl: 'https://kb.example/KB-100001',
    }),
    entry(SPOOLER, {
      kind: 'known_error',
      title: 'Print Spooler stops after the monthly update',
      symptoms: 'Nothing prints; the Print Spooler service is stopped.',
      solution: 'Workaround: start the Print Spooler service again.',
      category: 'printers',
      tags: ['spooler'],
    }),
  ]);
});
afterAll(() => h?.close());

const desk = (messageId: string) => ({ conversation: channelConversation(DESK), messageId });
const card = (r: { body: Json }) => r.body.value as Json;
const getEntry = async (ref: string): Promise<KnowledgeEntry> => {
  const e = await h.knowledge.knowledge.getEntry(ref);
  if (!e) throw new Error(`no entry ${ref}`);
  return e;
};
const reload = async (id: string): Promise<Incident> => {
  const i = await h.storage.getIncident(id);
  if (!i) throw new Error('incident gone');
  return i;
};
const auditOf = async (id: string, action: string) =>
  (await h.storage.listAudit(id)).filter((a) => a.action === action);
/** The button with this title and (for knowledge clicks) this action. */
const button = (c: Json, title: string, k?: string): Json => {
  const found = actionsOf(c).find((a) => a.title === title && (k === undefined || dataOf(a).k === k));
  if (!found) throw new Error(`no "${title}" on the card: ${actionsOf(c).map((a) => a.title)}`);
  return found;
};

/** Wang reports in personal chat; the desk card is posted in the desk channel (zh-CN). */
async function report(title: string) {
  const chat = personalChat(wang);
  await h.message(wang, chat, title);
  const offer = h.connector.postedTo(chat.id).at(-1);
  const form = offer?.card as Json;
  const submit = actionsOf(form).find((a) => a.verb === 'itss.report') as Json;
  await h.execute(wang, { conversation: chat, messageId: offer?.id ?? '' }, form, submit, {
    'report.title': title,
  });
  const incident = (await h.storage.listIncidents({ reporterId: 'teams:29:wang' })).find(
    (i) => i.title === title,
  );
  if (!incident) throw new Error('not registered');
  await h.drain();
  return { incident, posted: h.connector.cardMessage(DESK, incident.number) };
}

/** Wang reports; Alice takes it to IM2.7 (matching) from the desk card. */
async function toMatching(title: string, category: string) {
  const { incident, posted } = await report(title);
  const where = desk(posted?.id ?? '');
  let r = await h.click(alice, where, posted?.card as Json, 'classify', { nature: 'fault', category });
  r = await h.click(alice, where, card(r), 'prioritise', { impact: '3', urgency: '3' });
  r = await h.click(alice, where, card(r), 'decide_onsite');
  expect((await reload(incident.id)).status).toBe('matching');
  return { incident, where, messageId: posted?.id ?? '', card: card(r) };
}

/** Opens a dialog as Teams does and submits every input with what it shows, overridden by `values`. */
async function submitDialog(from: typeof alice, opener: Json, values: Record<string, string> = {}) {
  const fetched = await h.invoke('task/fetch', { data: dataOf(opener) }, from, channelConversation(DESK));
  const task = fetched.body.task as Json;
  expect(task.type).toBe('continue');
  const form = ((task.value as Json).card as Json).content as Json;
  const shown: Record<string, string> = {};
  for (const id of inputIdsOf(form)) {
    const v = inputOf(form, id)?.value;
    if (typeof v === 'string') shown[id] = v;
  }
  const submit = actionsOf(form).find((a) => a.type === 'Action.Submit') as Json;
  const id = `submit-${randomUUID()}`;
  // Teams redelivers an activity with its id: `again` sends the very same submit once more.
  const send = async () =>
    (
      await h.invoke(
        'task/submit',
        { data: { ...dataOf(submit), ...shown, ...values } },
        from,
        channelConversation(DESK),
        {
          id,
        },
      )
    ).body.task as Json;
  return { form, shown, answer: await send(), again: send };
}

describe('Teams: knowledge entries on the desk card (IM2.7 / IM2.8)', () => {
  let printer: Awaited<ReturnType<typeof toMatching>>;

  it('shows a confident entry with its kind, score, matched words and source link', async () => {
    printer = await toMatching('Printer offline on floor 3, cannot print', 'printers');
    const texts = textsOf(printer.card);
    expect(texts).toContain(t('en', 'match.heading'));
    expect(texts).not.toContain(t('en', 'match.no_good_match'));
    expect(texts).toContain('Printer shows offline and will not print');
    expect(texts.find((x) => x.startsWith(`Article ${PRINTER} · `))).toMatch(/ · \d{1,3}% match$/);
    const matched = texts.find((x) => x.startsWith('Matched words: '));
    expect(matched).toMatch(/printer/i);
    expect(matched).toMatch(/offline/i);
    const source = actionsOf(printer.card).find((a) => a.type === 'Action.OpenUrl');
    expect(source).toMatchObject({ title: `Source: ${PRINTER}`, url: 'https://kb.example/KB-100001' });
    // Per candidate: Apply opens the apply_match dialog; "Didn't help" runs at once.
    const apply = actionsOf(printer.card).find((a) => dataOf(a).c === 'apply_match') as Json;
    expect(apply).toMatchObject({
      type: 'Action.Submit',
      title: 'Apply',
      data: { i: printer.incident.id, pre: { matchRef: PRINTER }, msteams: { type: 'task/fetch' } },
    });
    expect(button(printer.card, "Didn't help", 'match_not_helpful')).toMatchObject({
      type: 'Action.Execute',
      verb: 'itss.kb',
      data: { i: printer.incident.id, pre: { ref: PRINTER } },
    });
    expect(button(printer.card, 'Search again', 'search_matches').type).toBe('Action.Execute');
    expect(dataOf(button(printer.card, 'None fits'))).toMatchObject({ c: 'no_match' });
  });

  it('shows the same entries on the posted desk card, in the desk channel’s language', async () => {
    await h.drain();
    const posted = h.connector.messages.get(printer.messageId)?.card as Json;
    const texts = textsOf(posted);
    expect(texts).toContain(t('zh-CN', 'match.heading'));
    expect(texts.find((x) => x.startsWith(`知识文章 ${PRINTER} · `))).toMatch(/匹配度 \d{1,3}%$/);
    expect(texts.some((x) => x.startsWith('命中词：'))).toBe(true);
    // Delivery recorded what the desk is shown (IM2.7).
    const found = await auditOf(printer.incident.id, 'matches_found');
    expect(JSON.stringify(found.at(-1)?.payload)).toContain(PRINTER);
  });

  it('says "no good match" instead of offering a weak candidate as the answer', async () => {
    const laptop = await toMatching('Spooler error on laptop', 'erp');
    const texts = textsOf(laptop.card);
    expect(texts).toContain(t('en', 'match.no_good_match'));
    // Both entries share a word: shown only as weak suggestions, under their heading.
    const weakAt = texts.indexOf(t('en', 'match.weak'));
    expect(weakAt).toBeGreaterThan(texts.indexOf(t('en', 'match.no_good_match')));
    expect(texts.indexOf('Print Spooler stops after the monthly update')).toBeGreaterThan(weakAt);
    const offered = actionsOf(laptop.card).filter((a) => (dataOf(a).pre as Json | undefined)?.matchRef);
    expect(offered.map((a) => (dataOf(a).pre as Json).matchRef)).toContain(SPOOLER);
    expect(offered.every((a) => a.style !== 'positive')).toBe(true);
    expect(dataOf(button(laptop.card, 'None fits'))).toMatchObject({ c: 'no_match' });
  });

  it('records "didn’t help" once (IM2.8), answers with the card, and re-renders the posted cards', async () => {
    const before = h.connector.messages.get(printer.messageId)?.updates ?? 0;
    const version = (await reload(printer.incident.id)).version;
    const action = button(printer.card, "Didn't help", 'match_not_helpful');
    const activityId = `kb-not-helpful-${Date.now()}`;
    const r = await h.execute(alice, desk(printer.messageId), printer.card, action, {}, activityId);
    expect(textsOf(card(r))).toContain(t('en', 'match.not_helpful.recorded', { ref: PRINTER }));
    // The entry is no longer offered (no Apply, no "didn't help") and is named as rejected
    // (Slack desk trial finding 7i: it stayed on the card with Apply).
    const pre = (a: Json) => (dataOf(a).pre ?? {}) as Json;
    expect(actionsOf(card(r)).filter((a) => pre(a).matchRef === PRINTER || pre(a).ref === PRINTER)).toEqual(
      [],
    );
    const rejected = textsOf(card(r)).find((x) => x.startsWith(t('en', 'match.rejected', { items: '' })));
    expect(rejected).toContain(`${PRINTER} Printer shows offline and will not print`);
    // Teams redelivers the same activity: still counted once.
    await h.execute(alice, desk(printer.messageId), printer.card, action, {}, activityId);
    expect((await getEntry(PRINTER)).notHelped).toBe(1);
    const records = await auditOf(printer.incident.id, 'match_not_helpful');
    expect(records).toMatchObject([{ step: 'IM2.8', actorId: 'alice', payload: { ref: PRINTER } }]);
    expect((await reload(printer.incident.id)).version).toBe(version); // the incident is as it was
    await h.drain();
    expect(h.connector.messages.get(printer.messageId)?.updates ?? 0).toBeGreaterThan(before);
  });

  it('refuses a "didn’t help" the reporter forges from the card’s payload, changing nothing', async () => {
    const action = button(printer.card, "Didn't help", 'match_not_helpful');
    const r = await h.execute(wang, { conversation: personalChat(wang) }, printer.card, action);
    const forbidden = errorMessage(
      'en',
      new DomainError('forbidden', { action: 'match_not_helpful', role: 'desk' }),
    );
    expect(textsOf(card(r))).toContain(forbidden);
    expect((await getEntry(PRINTER)).notHelped).toBe(1);
    expect(await auditOf(printer.incident.id, 'match_not_helpful')).toHaveLength(1);
  });

  it('searches again on demand: an IM2.7 record by the agent, once per click', async () => {
    const action = button(printer.card, 'Search again', 'search_matches');
    const activityId = `kb-search-${Date.now()}`;
    const r = await h.execute(alice, desk(printer.messageId), printer.card, action, {}, activityId);
    expect(textsOf(card(r))).toContain(t('en', 'match.heading'));
    await h.execute(alice, desk(printer.messageId), printer.card, action, {}, activityId);
    const searches = (await h.storage.listAudit(printer.incident.id)).filter(
      (a) => ['matches_found', 'no_good_match'].includes(a.action) && a.actorId === 'alice',
    );
    expect(searches).toHaveLength(1);
    expect(JSON.stringify(searches[0]?.payload)).toContain(PRINTER);
  });

  it('applies an entry through its dialog, prefilled with its solution, and counts it as helped', async () => {
    const apply = actionsOf(printer.card).find(
      (a) => dataOf(a).c === 'apply_match' && (dataOf(a).pre as Json).matchRef === PRINTER,
    ) as Json;
    const { shown, answer } = await submitDialog(alice, apply);
    const solution = await h.knowledge.solutionFor(PRINTER);
    expect(shown['apply_match.solution']).toBe(solution);
    expect(shown['apply_match.matchRef']).toBe(PRINTER);
    expect(answer).toMatchObject({ type: 'message' });
    expect(await reload(printer.incident.id)).toMatchObject({
      status: 'resolved',
      resolution: { matchRef: PRINTER, code: 'solved', solution },
    });
    expect((await getEntry(PRINTER)).helped).toBe(1);
  });

  it('a failed "helped" write after the resolution committed never answers "nothing was changed"', async () => {
    const other = await toMatching('Printer offline on floor 5, cannot print', 'printers');
    const apply = actionsOf(other.card).find(
      (a) => dataOf(a).c === 'apply_match' && (dataOf(a).pre as Json).matchRef === PRINTER,
    ) as Json;
    const helped = (await getEntry(PRINTER)).helped;
    const restore = await refuseFeedback(h.backend.db);
    let answer: Json;
    try {
      ({ answer } = await submitDialog(alice, apply));
    } finally {
      await restore();
    }
    expect(await reload(other.incident.id)).toMatchObject({ status: 'resolved' });
    expect((await getEntry(PRINTER)).helped).toBe(helped);
    expect(answer).toMatchObject({ type: 'message' });
    expect(JSON.stringify(answer)).not.toContain(t('en', 'teams.error.generic'));
  });
});

describe('Teams: early match hint on a fresh report (before IM2.7)', () => {
  const hintOf = (c: Json) => textsOf(c).find((x) => x.startsWith('可能已有现成方案'));

  it('names a confident entry on the posted desk card, with nothing to click', async () => {
    const { incident, posted } = await report('Printer offline and will not print');
    expect(incident.status).toBe('registered');
    const hint = hintOf(posted?.card as Json);
    expect(hint).toContain(PRINTER);
    expect(hint).toContain('Printer shows offline and will not print');
    // Deciding is IM2.8's: the hint offers no apply / "didn't help" yet.
    const actions = actionsOf(posted?.card as Json).map(dataOf);
    expect(actions.some((d) => d.c === 'apply_match' || d.k === 'match_not_helpful')).toBe(false);
  });

  it('shows no hint for an unrelated report', async () => {
    const { posted } = await report('VPN drops every ten minutes');
    expect(posted?.card).toBeDefined();
    expect(hintOf(posted?.card as Json)).toBeUndefined();
  });
});

describe('Teams: saving a resolution as knowledge (after IM4.1)', () => {
  let projector: Awaited<ReturnType<typeof toMatching>>;
  let resolved: Json;
  let draftRef = '';

  it('offers "Save as knowledge" on a resolved card with a solution of its own', async () => {
    projector = await toMatching('Projector in meeting room 5 shows no signal', 'erp');
    let r = await h.click(alice, desk(projector.messageId), projector.card, 'no_match');
    r = await h.click(alice, desk(projector.messageId), card(r), 'resolve', {
      code: 'solved',
      solution: 'Switched the projector input to HDMI 2.',
      tested: 'true',
    });
    expect((await reload(projector.incident.id)).status).toBe('resolved');
    resolved = card(r);
    expect(button(resolved, 'Save as knowledge')).toMatchObject({
      type: 'Action.Submit',
      data: { k: 'save_knowledge', dlg: 'knowledge', msteams: { type: 'task/fetch' } },
    });
    // An incident resolved from an entry is in the knowledge base already: no offer.
    const printerIncident = (await h.storage.listIncidents({ reporterId: 'teams:29:wang' })).find(
      (i) => i.resolution?.matchRef === PRINTER,
    );
    const refreshed = await h.execute(alice, desk(''), resolved, {
      type: 'Action.Execute',
      verb: 'itss.refresh',
      data: { itss: 1, i: printerIncident?.id, p: 'desk_card' },
    });
    expect(actionsOf(card(refreshed)).map((a) => a.title)).not.toContain('Save as knowledge');
  });

  it('answers a dialog with a missing title in the user’s language, saving nothing', async () => {
    const { form, answer } = await submitDialog(alice, button(resolved, 'Save as knowledge'), {
      'save_knowledge.title': ' ',
    });
    expect(textsOf(form)).toContain(t('en', 'knowledge.form.intro'));
    expect(actionsOf(form).find((a) => a.type === 'Action.Submit')?.title).toBe('Save draft');
    expect(inputIdsOf(form)).toEqual([
      'save_knowledge.kind',
      'save_knowledge.title',
      'save_knowledge.symptoms',
      'save_knowledge.solution',
      'save_knowledge.tags',
    ]);
    expect(inputOf(form, 'save_knowledge.solution')?.value).toBe('Switched the projector input to HDMI 2.');
    expect(answer.type).toBe('continue');
    const missing = errorMessage(
      'en',
      new DomainError('invalid_input', { field: 'title', reason: 'required' }),
    );
    expect(textsOf(((answer.value as Json).card as Json).content as Json)).toContain(missing);
    expect(await auditOf(projector.incident.id, 'saved_as_knowledge')).toEqual([]);
  });

  it('creates a draft entry from the dialog’s edits and tells the agent its reference', async () => {
    const { answer, again } = await submitDialog(alice, button(resolved, 'Save as knowledge'), {
      'save_knowledge.kind': 'known_error',
      'save_knowledge.title': 'Meeting-room projector shows no signal',
      'save_knowledge.solution': 'Switch the projector input to HDMI 2; reseat the cable.',
      'save_knowledge.tags': 'projector, 会议室',
    });
    expect(answer.type).toBe('message');
    const [record] = await auditOf(projector.incident.id, 'saved_as_knowledge');
    draftRef = String(record?.payload.ref);
    expect(answer.value).toBe(t('en', 'match.saved_draft', { ref: draftRef }));
    expect(await getEntry(draftRef)).toMatchObject({
      status: 'draft',
      kind: 'known_error',
      originIncidentId: projector.incident.id,
      title: 'Meeting-room projector shows no signal',
      solution: 'Switch the projector input to HDMI 2; reseat the cable.',
      tags: ['projector', '会议室'],
      createdBy: 'alice',
    });
    // Redelivered (same activity id): answered as the first was, nothing saved twice.
    expect(await again()).toEqual(answer);
    expect(await auditOf(projector.incident.id, 'saved_as_knowledge')).toHaveLength(1);
  });

  it('answers a second save "already saved", in Chinese for a Chinese-speaking agent', async () => {
    const { form, answer } = await submitDialog(bob, button(resolved, 'Save as knowledge'));
    expect(textsOf(form)).toContain(t('zh-CN', 'knowledge.form.intro'));
    expect(answer).toEqual({
      type: 'message',
      value: t('zh-CN', 'error.already_saved', { ref: draftRef }),
    });
    expect(await auditOf(projector.incident.id, 'saved_as_knowledge')).toHaveLength(1);
  });

  it('refuses the dialog to the reporter', async () => {
    const fetched = await h.invoke(
      'task/fetch',
      { data: dataOf(button(resolved, 'Save as knowledge')) },
      wang,
      personalChat(wang),
    );
    expect(fetched.body.task).toEqual({
      type: 'message',
      value: errorMessage(
        'en',
        new DomainError('forbidden', { action: 'save_knowledge', role: 'desk|team' }),
      ),
    });
  });

  it('sent only valid Adaptive Cards', () => {
    expect(h.cardProblems()).toEqual([]);
  });
});
