// Slack's own ids as inbox keys: a repeat of one request is one key; two requests are two keys
// even where Slack reuses ids (a form resubmitted after field errors keeps its view id and hash).
import { describe, expect, it } from 'vitest';
import { inboxKey } from '../../adapters/slack/inbox.js';

const user = { id: 'U1' };
const team = { id: 'T1' };

describe('Slack inbox keys', () => {
  it('an event is its event_id; a retried delivery has the same key', () => {
    const body = { type: 'event_callback', event_id: 'Ev123', event: { type: 'message' } };
    expect(inboxKey(body)).toBe('event:Ev123');
    expect(inboxKey({ ...body, event: { type: 'message', text: 'edited' } })).toBe('event:Ev123');
  });

  it('a click is team, user, action_ts and trigger_id', () => {
    const click = (ts: string, trigger: string) => ({
      type: 'block_actions',
      team,
      user,
      trigger_id: trigger,
      actions: [{ action_ts: ts }],
    });
    expect(inboxKey(click('1.1', 'tr1'))).toBe('action:T1:U1:1.1:tr1');
    expect(inboxKey(click('1.2', 'tr2'))).not.toBe(inboxKey(click('1.1', 'tr1')));
  });

  it('a form resubmitted after field errors is a new request (new trigger_id, same view and hash)', () => {
    const submit = (trigger: string) => ({
      type: 'view_submission',
      team,
      user,
      trigger_id: trigger,
      view: { id: 'V1', hash: 'h1' },
    });
    expect(inboxKey(submit('tr1'))).toBe('view:T1:U1:V1:h1:tr1');
    expect(inboxKey(submit('tr2'))).not.toBe(inboxKey(submit('tr1')));
  });

  it('slash commands and shortcuts by trigger_id; ids missing: a digest of the whole body', () => {
    expect(inboxKey({ command: '/incident', team_id: 'T1', user_id: 'U1', trigger_id: 'tr' })).toBe(
      'command:T1:U1:tr',
    );
    expect(inboxKey({ type: 'shortcut', team, user, trigger_id: 'tr' })).toBe('shortcut:T1:U1:tr');
    expect(inboxKey({ type: 'block_actions', team, user, actions: [] })).toMatch(
      /^action:sha256:[0-9a-f]{64}$/,
    );
  });

  it('what changes nothing and answers with data is not stored: select options, closed modals', () => {
    expect(inboxKey({ type: 'block_suggestion', team, user, value: 'x' })).toBeNull();
    expect(inboxKey({ type: 'view_closed', team, user })).toBeNull();
  });
});
