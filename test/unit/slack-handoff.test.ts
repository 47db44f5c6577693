// Which Slack requests a web process hands off to a worker (adapters/slack/handoff.ts): those
// answered later through the Web API; never one that answers in the HTTP response or opens a
// modal with its trigger_id; nothing it does not know.
import { describe, expect, it } from 'vitest';
import { workerMayRun } from '../../adapters/slack/handoff.js';

const config = {
  natures: [
    { id: 'fault', notifyManager: false },
    { id: 'complaint', notifyManager: true },
  ],
} as unknown as Parameters<typeof workerMayRun>[1];

const click = (action_id: string, extra: Record<string, unknown> = {}, block_id = 'b1') => ({
  type: 'block_actions',
  trigger_id: 't1',
  user: { id: 'U1' },
  actions: [{ action_id, block_id, action_ts: '1.1', value: '{}' }],
  ...extra,
});

const classify = 'itss:sel:classify:inc-1:3';
const select = (actionId: string, nature: string | null, selected?: string) => ({
  ...click(actionId, {
    state: {
      values: {
        [classify]: {
          'itss:sel:nature': { type: 'static_select', selected_option: nature ? { value: nature } : null },
          'itss:sel:category': { type: 'static_select', selected_option: null },
        },
      },
    },
  }),
  actions: [
    {
      action_id: actionId,
      block_id: classify,
      action_ts: '1.1',
      selected_option: selected ? { value: selected } : null,
    },
  ],
});

describe('which Slack requests a worker may run', () => {
  it.each([
    ['an event', { type: 'event_callback', event_id: 'Ev1', event: { type: 'message' } }],
    ['a button that runs a command', click('itss:do:accept')],
    ['one of several buttons of one command', click('itss:do:rate#3')],
    ['"didn\'t help"', click('itss:kb:not_helpful')],
    ['"search again"', click('itss:kb:search')],
    ['App Home refresh', click('itss:home:refresh')],
    ['the category select, the nature chosen before', select('itss:sel:category', 'fault', 'network.vpn')],
    ['the nature select itself', select('itss:sel:nature', null, 'fault')],
    ['an IM2.3 select', { ...click('itss:sel:impact', {}, 'itss:sel:prioritise:inc-1:3') }],
  ])('hands off %s', (_what, body) => {
    expect(workerMayRun(body, config)).toBe(true);
  });

  it.each([
    ['a button that opens a form', click('itss:open:resolve')],
    ['"show full text"', click('itss:more')],
    ['history', click('itss:history')],
    ['a history page (moves the open modal)', click('itss:history:page:1')],
    ['"report incident"', click('itss:report')],
    ['"save as knowledge"', click('itss:kb:save')],
    ['a nature the desk must verify (opens the form)', select('itss:sel:category', 'complaint', 'x')],
    ['the nature that needs verifying, chosen now', select('itss:sel:nature', 'fault', 'complaint')],
    ['a category without a nature in the click', select('itss:sel:category', null, 'network.vpn')],
    ['a form submission', { type: 'view_submission', view: { id: 'V1', callback_id: 'itss_report' } }],
    ['a shortcut', { type: 'shortcut', callback_id: 'report_incident', trigger_id: 't1' }],
    ['a message shortcut', { type: 'message_action', callback_id: 'report_incident', trigger_id: 't1' }],
    ['a slash command', { command: '/incident', text: '', trigger_id: 't1' }],
    ['an action of someone else', click('other:thing')],
    ['a select of ours on a bad block', click('itss:sel:category', {}, 'nonsense')],
    ['two actions at once', { ...click('itss:do:accept'), actions: [{}, {}] }],
    ['no actions', { type: 'block_actions', actions: [] }],
  ])('keeps %s in the web process', (_what, body) => {
    expect(workerMayRun(body as Record<string, unknown>, config)).toBe(false);
  });
});
