// Our registrations are dispatched by one middleware (adapters/slack/routes.ts), not by one Bolt
// listener chain each: a request calls only the listeners whose kind and constraint match, by
// Bolt's rules for an exact id or a RegExp; anything else goes on to Bolt's own handling.
import { App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { routes } from '../../adapters/slack/routes.js';

function bolt() {
  let process: (e: ReceiverEvent) => Promise<void> = async () => {};
  const receiver: Receiver = {
    init(app: App) {
      process = (e) => app.processEvent(e);
    },
    start: async () => undefined,
    stop: async () => undefined,
  };
  const app = new App({ token: 'xoxb-test', botId: 'B1', botUserId: 'UB', receiver });
  const send = async (body: Record<string, unknown>) => {
    let acked = 0;
    await process({
      body,
      ack: async () => {
        acked += 1;
      },
    });
    return acked;
  };
  return { app, send };
}

const action = (action_id: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  actions: [{ type: 'button', action_id, block_id: 'b', action_ts: '1.1' }],
});

describe('Slack routes', () => {
  it('calls only the matching listener: exact ids, RegExps, views, commands, events, shortcuts', async () => {
    const { app, send } = bolt();
    const routed = routes(app);
    const called: string[] = [];
    const on = (name: string) => async (args: { ack?: () => Promise<void> }) => {
      called.push(name);
      await args.ack?.();
    };
    routed.app.action('itss:more', on('exact'));
    routed.app.action(/^itss:sel:/, on('regexp'));
    routed.app.view('itss:form', on('view'));
    routed.app.command('/incident', on('command'));
    routed.app.event('app_mention', on('event'));
    routed.app.shortcut('itss:report', on('shortcut'));
    app.use(routed.dispatch);

    expect(await send(action('itss:more'))).toBe(1);
    expect(await send(action('itss:sel:category'))).toBe(1);
    expect(await send(action('itss:more:x'))).toBe(0);
    await send({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1' },
      view: { callback_id: 'itss:form' },
    });
    await send({
      type: 'view_closed',
      team: { id: 'T1' },
      user: { id: 'U1' },
      view: { callback_id: 'itss:form' },
    });
    await send({ command: '/incident', text: '', team_id: 'T1', user_id: 'U1' });
    await send({
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'E1',
      event: { type: 'app_mention', user: 'U1', text: 'hi', channel: 'C1', ts: '1.1' },
    });
    await send({ type: 'shortcut', callback_id: 'itss:report', team: { id: 'T1' }, user: { id: 'U1' } });
    expect(called).toEqual(['exact', 'regexp', 'view', 'command', 'event', 'shortcut']);
  });

  it('leaves Bolt no listener chain to run per request, and what matches nothing to Bolt', async () => {
    const { app, send } = bolt();
    const routed = routes(app);
    routed.app.action('itss:more', async ({ ack }) => ack());
    let boltListener = 0;
    app.use(routed.dispatch);
    app.action('itss:other', async ({ ack }) => {
      boltListener += 1;
      await ack();
    });
    // Bolt keeps its listeners in a private array: only the one registered on it directly.
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(1);
    expect(await send(action('itss:other'))).toBe(1);
    expect(boltListener).toBe(1);
  });

  it('refuses at registration a form it could not dispatch: a constraint object, listener middleware', () => {
    const { app } = bolt();
    const routed = routes(app).app;
    const listener = async () => {};
    expect(() => routed.action({ action_id: 'x' }, listener)).toThrow(/id or a RegExp/);
    expect(() => routed.action('x', async ({ next }) => next(), listener)).toThrow(/one listener/);
  });
});
