// Socket Mode: the recorder answers apps.connections.open with a local WebSocket server that
// says hello and then sends envelopes the way Slack does; every envelope must be acked, and the
// work done after the ack is the same as over HTTP.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Harness, startHarness } from './harness.js';

/** A stand-in for Slack's Socket Mode endpoint. */
class SocketServer {
  readonly server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  socket: WebSocket | null = null;
  acks = new Map<string, Record<string, unknown>>();
  private waiters = new Map<string, (ack: Record<string, unknown>) => void>();
  private connected: Promise<void>;

  constructor() {
    this.connected = new Promise((resolve) => {
      this.server.on('connection', (socket) => {
        this.socket = socket;
        socket.on('message', (raw) => {
          const msg = JSON.parse(String(raw)) as Record<string, unknown>;
          const id = String(msg.envelope_id ?? '');
          this.acks.set(id, msg);
          this.waiters.get(id)?.(msg);
        });
        socket.send(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            connection_info: { app_id: 'A1' },
            debug_info: { host: 'test' },
          }),
        );
        resolve();
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Sends an envelope and resolves with the bot's ack. */
  async send(type: string, payload: Record<string, unknown>, id: string): Promise<Record<string, unknown>> {
    await this.connected;
    const acked = new Promise<Record<string, unknown>>((resolve) => this.waiters.set(id, resolve));
    this.socket?.send(
      JSON.stringify({
        envelope_id: id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return acked;
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Slack over Socket Mode', () => {
  let ws: SocketServer;
  let h: Harness;
  beforeAll(async () => {
    ws = new SocketServer();
    await new Promise((resolve) => ws.server.once('listening', resolve));
    h = await startHarness({ settings: { appToken: 'xapp-1-test' }, socketUrl: ws.url });
  });
  afterAll(async () => {
    await h.close();
    await ws.close();
  });

  it('connects through apps.connections.open, with the app token, and reports healthy', async () => {
    const open = h.recorder.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    await expect(h.bot.health()).resolves.toBeUndefined();
    // No HTTP endpoint in Socket Mode.
    expect((await fetch(`${h.base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acks a slash command and opens the report form', async () => {
    const ack = await ws.send(
      'slash_commands',
      {
        command: '/incident',
        text: 'Badge reader at gate 2 is dead',
        user_id: 'UREPORTER',
        user_name: 'wang.fang',
        channel_id: 'CGENERAL',
        team_id: 'T1',
        trigger_id: 'trig-socket-1',
        response_url: 'https://hooks.slack.com/commands/T1/1/x',
      },
      'env-command',
    );
    expect(ack.envelope_id).toBe('env-command');
    await h.settle();
    const view = h.recorder.lastView();
    expect(view.trigger_id).toBe('trig-socket-1');
    expect(view.view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value).toBe(
      'Badge reader at gate 2 is dead',
    );
  });

  it('acks the form submission (interactive) and registers the incident; the desk card follows', async () => {
    const view = h.recorder.lastView();
    const ack = await ws.send(
      'interactive',
      {
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'UREPORTER', name: 'wang.fang' },
        view: {
          id: view.id,
          callback_id: 'itss_report',
          private_metadata: view.view.private_metadata,
          state: {
            values: {
              title: { value: { type: 'plain_text_input', value: 'Badge reader at gate 2 is dead' } },
              description: { value: { type: 'plain_text_input', value: null } },
              service: { value: { type: 'plain_text_input', value: null } },
              severity: { value: { type: 'static_select', selected_option: null } },
            },
          },
        },
      },
      'env-submit',
    );
    expect(ack.envelope_id).toBe('env-submit');
    await h.settle();
    const [incident] = await h.storage.listIncidents({ reporterId: 'slack:UREPORTER' });
    expect(incident?.title).toBe('Badge reader at gate 2 is dead');
    expect(h.recorder.card('CDESK', incident?.number ?? '?')).toBeDefined();
  });

  it('acks an events_api envelope and publishes App Home', async () => {
    const ack = await ws.send(
      'events_api',
      {
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'EvSOCKET1',
        event_time: 1,
        event: { type: 'app_home_opened', user: 'UALICE', channel: 'DUALICE', tab: 'home' },
      },
      'env-event',
    );
    expect(ack.envelope_id).toBe('env-event');
    await h.settle();
    expect(h.recorder.callsTo('views.publish').at(-1)?.args.user_id).toBe('UALICE');
  });
});
