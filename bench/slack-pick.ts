// One desk agent's classification pick, as Slack posts it: the body the two admit benches store.
export const classifyPick = (i: number) => ({
  type: 'block_actions',
  user: { id: 'UAGENT1', username: 'agent', name: 'agent', team_id: 'T1' },
  api_app_id: 'A1',
  team: { id: 'T1', domain: 'bench' },
  trigger_id: `1781000000.${i}.abcdef`,
  container: { type: 'message', message_ts: '1781000000.000100', channel_id: 'CDESK', is_ephemeral: false },
  channel: { id: 'CDESK', name: 'desk' },
  message: { type: 'message', ts: '1781000000.000100' },
  state: {
    values: {
      [`itss:sel:classify:${i}`]: {
        'itss:sel:nature': { type: 'static_select', selected_option: { value: 'incident' } },
        'itss:sel:category': { type: 'static_select', selected_option: { value: 'printing' } },
      },
    },
  },
  actions: [
    {
      type: 'static_select',
      action_id: 'itss:sel:category',
      block_id: `itss:sel:classify:${i}`,
      selected_option: { value: 'printing' },
      action_ts: `1781000000.${String(i).padStart(6, '0')}`,
    },
  ],
});
