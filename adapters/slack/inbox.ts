// Durable before acknowledged, for every Slack request (HTTP and Socket Mode alike): the receiver
// hands Bolt each verified request through `durable`, which stores it in the inbox (src/app/
// inbox.ts) before any listener can ack it. Field errors of a form are still decided by the
// listener before its ack; a request stored twice (an event retried by Slack, a sweep finishing
// the row) is acknowledged and not processed again.
import { createHash } from 'node:crypto';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Inbox } from '../../src/app/inbox.js';
import { isDatabaseUnavailable } from '../../src/app/unavailable.js';

type Body = Record<string, unknown>;

/** Told when an acknowledgement is under way; the returned function when it is over. */
export interface AckWatch {
  acknowledging(): () => void;
}

/** Tells the person their request was refused, nothing saved (the database is down). */
export type Refuse = (body: Body, err: unknown) => Promise<void>;

/**
 * Wraps a Bolt receiver so that the app it drives only sees requests already in the inbox. A
 * request that cannot be stored is not acknowledged — except when the database is down: then it
 * is acknowledged as refused and the person is told plainly that nothing was saved (`refuse`),
 * rather than left with Slack's wordless failure. Where this process hands requests off (a web
 * process beside workers), a request `workerMayRun` allows is only stored and acknowledged here.
 */
export function durable(
  inner: Receiver,
  inbox: Inbox,
  refuse?: Refuse,
  acks?: AckWatch,
  workerMayRun?: (body: Body) => boolean,
): Receiver {
  return {
    init(app: App) {
      const gate = async (received: ReceiverEvent) => {
        const key = inboxKey(received.body);
        if (!key) return app.processEvent(received);
        // From here until the answer leaves, the work after other acks gives way (tracker.ts).
        const acked = acks?.acknowledging() ?? (() => {});
        const event: ReceiverEvent = {
          ...received,
          ack: async (response) => {
            try {
              return await received.ack(response);
            } finally {
              acked();
            }
          },
        };
        // Handed off: stored, answered, and processed by a worker (src/app/inbox.ts).
        const handOff = inbox.gives && (workerMayRun?.(event.body) ?? false);
        try {
          let fresh: boolean;
          try {
            fresh = handOff
              ? await inbox.handOff(key, storedBody(event.body))
              : await inbox.receive(key, storedBody(event.body), (at) =>
                  app.processEvent(acknowledged(event, at)),
                );
          } catch (err) {
            if (!refuse || !isDatabaseUnavailable(err)) throw err;
            await event.ack();
            return refuse(event.body, err);
          }
          if (!fresh || handOff) await event.ack();
        } finally {
          acked();
        }
      };
      // The receivers only ever call processEvent on the app they are given.
      inner.init({ processEvent: gate } as unknown as App);
    },
    start: (...args: unknown[]) => inner.start(...args),
    stop: (...args: unknown[]) => inner.stop(...args),
  };
}

/** What the inbox sweep calls for a stored request: Bolt's pipeline again, nobody to answer,
 *  decided at the time it was received (`acknowledgedAt`), not at the replay's. */
export const replay = (app: App) => (body: Body, receivedAt: Date) =>
  app.processEvent(acknowledged({ body, ack: async () => {} }, receivedAt));

/** The time the request was stored, so acknowledged: the time the person acted. Listeners read
 *  it from Bolt's context (`actedAt`), where Bolt puts an event's customProperties. */
function acknowledged(event: ReceiverEvent, at: Date): ReceiverEvent {
  return { ...event, customProperties: { ...event.customProperties, acknowledgedAt: at } };
}

/** The acknowledged time of the request a listener handles; undefined when it was not stored
 *  (nothing it does needs it: see inboxKey). */
export function actedAt(context: Record<string, unknown>): Date | undefined {
  const at = context.acknowledgedAt;
  return at instanceof Date ? at : undefined;
}

/**
 * Slack's own ids for a request, so that a repeat is the same row: event_id for events; for
 * interactions (never redelivered) team, user and what Slack makes unique per interaction; null
 * for what needs no durability (select options, closed modals: they change nothing).
 */
export function inboxKey(body: Body): string | null {
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const obj = (v: unknown) => (v && typeof v === 'object' ? (v as Body) : {});
  const team = s(obj(body.team).id) || s(body.team_id);
  const user = s(obj(body.user).id) || s(body.user_id);
  const parts = (...p: string[]) => (p.every((x) => x !== '') ? p.join(':') : `sha256:${digest(body)}`);
  switch (body.type) {
    case 'event_callback':
      return `event:${parts(s(body.event_id))}`;
    case 'block_actions': {
      const first = obj(Array.isArray(body.actions) ? body.actions[0] : undefined);
      return `action:${parts(team, user, s(first.action_ts), s(body.trigger_id))}`;
    }
    case 'view_submission': {
      const view = obj(body.view);
      return `view:${parts(team, user, s(view.id), s(view.hash), s(body.trigger_id))}`;
    }
    case 'shortcut':
    case 'message_action':
      return `shortcut:${parts(team, user, s(body.trigger_id))}`;
    default:
      if (typeof body.command === 'string') return `command:${parts(team, user, s(body.trigger_id))}`;
      return null;
  }
}

/** The legacy verification token is not ours to keep (the clicked message's blocks are already
 *  gone: edge.ts drops them before cleaning). */
function storedBody(body: Body): Body {
  const { token: _token, ...rest } = body;
  return rest;
}

const digest = (body: Body) => createHash('sha256').update(JSON.stringify(body)).digest('hex');
