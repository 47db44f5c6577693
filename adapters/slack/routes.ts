// One dispatch per request instead of one Bolt listener chain per registration. Bolt runs every
// registered listener's middleware (kind filter, constraint match: async functions, array copies)
// on every request, the ack's included: with our ~20 registrations that cost ~0.3 ms of CPU per
// request, about as much as the rest of Bolt's ack path. Here the registrations are recorded
// instead, and one global middleware (after the configuration pin) finds the request's kind and
// calls only the listeners whose constraint matches — Bolt's own rules for the constraints we use
// (an exact id or a RegExp on it).
import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';

type Kind = 'action' | 'options' | 'view' | 'event' | 'command' | 'shortcut';
type Constraint = string | RegExp;
// biome-ignore lint/suspicious/noExplicitAny: Bolt's listener argument types differ per kind
type Listener = (args: any) => Promise<void> | void;
type Route = { constraint: Constraint; listener: Listener };

const KINDS: Kind[] = ['action', 'options', 'view', 'event', 'command', 'shortcut'];

/** A request's kind and the id its constraints match, as Bolt's built-in middleware reads them. */
function keyOf(args: Record<string, unknown>, body: Record<string, unknown>): [Kind, string] | null {
  const field = (v: unknown, name: string) => {
    const x = v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
    return typeof x === 'string' ? x : '';
  };
  if (args.action) return ['action', field(args.action, 'action_id')];
  if (args.options) return ['options', field(args.options, 'action_id')];
  // app.view(id) matches submissions only (Bolt's default type); a closed modal finds no route.
  if (args.view) return body.type === 'view_submission' ? ['view', field(args.view, 'callback_id')] : null;
  if (args.command) return ['command', field(args.command, 'command')];
  if (args.event) return ['event', field(args.event, 'type')];
  if (args.shortcut) return ['shortcut', field(args.shortcut, 'callback_id')];
  return null;
}

const matches = (c: Constraint, id: string) => (typeof c === 'string' ? c === id : id.match(c) !== null);

export interface Routes {
  /** The app to register on: action/options/view/event/command/shortcut are recorded here. */
  app: App;
  /** The one global middleware that calls the matching listeners (register it last). */
  dispatch: Middleware<AnyMiddlewareArgs>;
}

/** What to do with a request no route takes (kind, id): acknowledging it is its job. */
export type Unmatched = (kind: Kind, id: string, args: AnyMiddlewareArgs) => Promise<void>;

export function routes(app: App, unmatched?: Unmatched): Routes {
  const table = new Map<Kind, Route[]>(KINDS.map((k) => [k, []]));
  const recording = Object.create(app) as App;
  for (const kind of KINDS) {
    // Only the form every registration here uses, (id or RegExp, one listener): anything else
    // (constraint objects, listener middleware) would be dispatched wrongly, so it fails at start.
    const record = (constraint: unknown, ...listeners: unknown[]) => {
      const [listener] = listeners;
      if (!(typeof constraint === 'string' || constraint instanceof RegExp))
        throw new Error(`slack routes: app.${kind}() takes an id or a RegExp here`);
      if (listeners.length !== 1 || typeof listener !== 'function')
        throw new Error(`slack routes: app.${kind}() takes one listener here, no middleware`);
      table.get(kind)?.push({ constraint, listener: listener as Listener });
    };
    Object.defineProperty(recording, kind, { value: record });
  }
  const dispatch: Middleware<AnyMiddlewareArgs> = async (args) => {
    const key = keyOf(args as unknown as Record<string, unknown>, args.body as Record<string, unknown>);
    const found = key ? (table.get(key[0]) ?? []).filter((r) => matches(r.constraint, key[1])) : [];
    // Nothing of ours: acknowledged here (Bolt would wait 3 s and fail it); events Bolt acks
    // itself, and what has no kind goes on to Bolt's own handling.
    if (found.length === 0) {
      if (unmatched && key && key[0] !== 'event') return unmatched(key[0], key[1], args);
      return args.next();
    }
    const given = { ...args, next: () => {} };
    await Promise.all(found.map((r) => r.listener(given)));
  };
  return { app: recording, dispatch };
}
