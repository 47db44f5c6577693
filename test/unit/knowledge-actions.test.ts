// The knowledge actions beside the incident commands: who may use them and when (rules), what
// the cards offer (view), the save-as-knowledge form and its parser, and why their audit
// records never count as "the last change" a stale click lost to.
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/app/ports.js';
import { lastChangeOf, raceError } from '../../src/app/race.js';
import { buildIncidentView } from '../../src/app/views/incident-view.js';
import { parseDraftEdits, saveKnowledgeInputs } from '../../src/app/views/knowledge-forms.js';
import {
  allowedKnowledgeActions,
  checkKnowledgeAllowed,
  KNOWLEDGE_RULES,
} from '../../src/core/knowledge-rules.js';
import type { Incident, Resolution } from '../../src/core/types.js';
import { actorFor, anIncident, REPORTED_AT, testConfig } from '../fixtures/config.js';

const cfg = testConfig();
const alice = actorFor('alice'); // desk
const nora = actorFor('nora'); // network team
const reporter = { id: 'u-wangfang', name: 'Wang Fang', roles: [], teams: [] };

const resolution = (more: Partial<Resolution> = {}): Resolution => ({
  code: 'solved',
  solution: 'Re-imported the VPN certificate.',
  tested: true,
  by: 'nora',
  at: REPORTED_AT,
  matchRef: null,
  savedAs: null,
  ...more,
});
const resolved = (more: Partial<Incident> = {}) =>
  anIncident({
    status: 'resolved',
    category: 'vpn',
    assignedTeam: 'network',
    resolution: resolution(),
    ...more,
  });

describe('knowledge rules', () => {
  it('carry the ITSS step of each action', () => {
    expect(Object.fromEntries(Object.entries(KNOWLEDGE_RULES).map(([k, r]) => [k, r.step]))).toEqual({
      search_matches: 'IM2.7',
      match_not_helpful: 'IM2.8',
      save_knowledge: 'IM4.1',
    });
  });

  it('offer the desk "search again" and "didn\'t help" only while matching', () => {
    const matching = anIncident({ status: 'matching', category: 'vpn' });
    expect(allowedKnowledgeActions(matching, alice)).toEqual(['search_matches', 'match_not_helpful']);
    expect(allowedKnowledgeActions(matching, reporter)).toEqual([]);
    expect(allowedKnowledgeActions(anIncident({ status: 'attempting' }), alice)).toEqual([]);
    expect(() => checkKnowledgeAllowed(matching, reporter, 'match_not_helpful')).toThrow(
      expect.objectContaining({ code: 'forbidden', params: { action: 'match_not_helpful', role: 'desk' } }),
    );
  });

  it('offer saving a real solution to the desk and the team that solved it, not one taken from an entry', () => {
    expect(allowedKnowledgeActions(resolved(), alice)).toEqual(['save_knowledge']);
    expect(allowedKnowledgeActions(resolved(), nora)).toEqual(['save_knowledge']);
    expect(allowedKnowledgeActions(resolved(), reporter)).toEqual([]);
    expect(
      allowedKnowledgeActions(resolved({ resolution: resolution({ matchRef: 'KB-1' }) }), alice),
    ).toEqual([]);
    const notSolved = resolved({ resolution: resolution({ code: 'not_solved' }) });
    expect(allowedKnowledgeActions(notSolved, alice)).toEqual([]);
    expect(() => checkKnowledgeAllowed(notSolved, alice, 'save_knowledge')).toThrow(
      expect.objectContaining({ code: 'wrong_state' }),
    );
  });

  it("reach the view with labels in the viewer's language", () => {
    const view = buildIncidentView(resolved(), alice, cfg, 'zh-CN', REPORTED_AT);
    expect(view.knowledgeActions).toEqual([{ action: 'save_knowledge', label: '存为知识' }]);
  });
});

describe('save-as-knowledge form', () => {
  it('is prefilled from the incident; a workaround becomes a known error', () => {
    const inputs = saveKnowledgeInputs(resolved({ resolution: resolution({ code: 'workaround' }) }), 'en');
    expect(inputs.map((i) => [i.name, i.required])).toEqual([
      ['kind', true],
      ['title', true],
      ['symptoms', false],
      ['solution', true],
      ['tags', false],
    ]);
    const initial = Object.fromEntries(inputs.map((i) => [i.name, 'initial' in i ? i.initial : null]));
    expect(initial).toMatchObject({
      kind: 'known_error',
      title: 'VPN 每 10 分钟断开一次',
      solution: 'Re-imported the VPN certificate.',
      tags: null,
    });
  });

  it('parses edits, splitting tags on Latin and Chinese commas', () => {
    expect(
      parseDraftEdits({
        kind: 'article',
        title: ' VPN drops ',
        symptoms: '',
        solution: 'Fix',
        tags: 'vpn，证书, vpn',
      }),
    ).toEqual({ kind: 'article', title: 'VPN drops', symptoms: '', solution: 'Fix', tags: ['vpn', '证书'] });
  });

  it('names the field that is wrong', () => {
    const base = { kind: 'article', title: 'T', solution: 'S' };
    expect(() => parseDraftEdits({ ...base, kind: 'faq' })).toThrow(
      expect.objectContaining({ params: { field: 'kind', reason: 'choice' } }),
    );
    expect(() => parseDraftEdits({ ...base, solution: '  ' })).toThrow(
      expect.objectContaining({ params: { field: 'solution', reason: 'required' } }),
    );
    expect(() => parseDraftEdits({ ...base, title: 'x'.repeat(301) })).toThrow(
      expect.objectContaining({ params: { field: 'title', reason: 'too_long', max: 300 } }),
    );
  });
});

describe('stale clicks after knowledge records', () => {
  const record = (
    id: number,
    action: string,
    step: AuditRecord['step'],
    actorId: string,
    minute: number,
  ) => ({
    id,
    incidentId: 'inc-0001',
    step,
    action,
    actorId,
    actorName: actorId === 'alice' ? 'Alice Zhang' : 'Bob Li',
    at: new Date(REPORTED_AT.getTime() + minute * 60_000),
    payload: {},
  });

  it('name who made the last change, not who searched or said "didn\'t help" afterwards', () => {
    const trail = [
      record(1, 'no_ready_solution', 'IM2.8', 'alice', 1),
      record(2, 'matches_found', 'IM2.7', 'bob', 2),
      record(3, 'match_not_helpful', 'IM2.8', 'bob', 3),
    ];
    expect(lastChangeOf(trail).map((r) => r.id)).toEqual([1]);
    expect(raceError(lastChangeOf(trail), 'no_match')).toMatchObject({
      code: 'already_done',
      params: { by: 'Alice Zhang' },
    });
  });

  it('"already done" only when the winner did what the loser asked for; else what the winner did', () => {
    // The reporter's "Fixed" (IM5.1 confirm) beat the desk's Close (also IM5.1): not done by them.
    const confirmed = [record(4, 'reporter_confirmed', 'IM5.1', 'alice', 4)];
    expect(raceError(confirmed, 'close')).toMatchObject({
      code: 'stale_version',
      params: { by: 'Alice Zhang', change: 'reporter_confirmed' },
    });
    const closed = [record(5, 'closed', 'IM5.1', 'alice', 5)];
    expect(raceError(closed, 'close')).toMatchObject({ code: 'already_done', params: { by: 'Alice Zhang' } });
  });
});
