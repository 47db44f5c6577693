// The Slack wire edge, before any listener runs:
//  - text from outside is cleaned once (src/core/clean-text.ts): every string of every verified
//    request (commands, view submissions, block actions, message events), over HTTP and Socket
//    Mode alike. The receiver verifies the signature on the raw body first; only what it hands
//    to the app is cleaned, so every listener sees text PostgreSQL will store. The clicked
//    message's blocks are dropped first: no listener reads them, they are most of a click's
//    size, and cleaning them was most of the edge's cost per click.
//    They are dropped from the receiver's own body (Bolt's parsed request), not from a copy:
//    the receiver keeps that body until the answer leaves, i.e. while the request waits for
//    its inbox commit, and every young-generation GC meanwhile would copy the card's objects
//    (the largest part of what a waiting click keeps alive; bench/slack-retained.ts).
//  - Slack's own encoding of typed text (`&amp;` `&lt;` `&gt;`) is undone once, here, in the
//    fields that carry it (decodeTyped): message and app_mention events, slash commands, the
//    message shortcut's message. Form inputs (view submissions) arrive as typed and are not
//    touched. Listeners and the inbox see the words as the person wrote them; `esc` encodes
//    them again for every mrkdwn field and message text.
//  - HTTP: a request timestamped more than 5 minutes in the future is refused (401). Bolt only
//    refuses old ones; a future one could be replayed for as long as its time lies ahead.
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { RequestHandler } from 'express';
import { cleanDeep } from '../../src/core/clean-text.js';
import type { SlackLog } from './deps.js';
import { unescapeSlack } from './text.js';

/** How far a request's timestamp may differ from our clock, either way (Slack's own rule). */
export const MAX_SKEW_SECONDS = 5 * 60;

/** The receiver, handing the app cleaned bodies. */
export function cleaningReceiver(inner: Receiver): Receiver {
  return {
    init(app: App) {
      const cleaned = Object.create(app) as App;
      cleaned.processEvent = (event: ReceiverEvent) =>
        app.processEvent({ ...event, body: decodeTyped(cleanDeep(dropMessageBlocks(event.body))) });
      inner.init(cleaned);
    },
    start: (...args: unknown[]) => inner.start(...args),
    stop: (...args: unknown[]) => inner.stop(...args),
  };
}

type Body = Record<string, unknown>;

/** The body with its `message.blocks` (the card a click came from) removed, in place; the rest
 *  untouched. */
export function dropMessageBlocks(body: Body): Body {
  const message = body.message;
  if (message && typeof message === 'object' && 'blocks' in message)
    Reflect.deleteProperty(message, 'blocks');
  return body;
}

/** The fields where Slack sends typed text entity-encoded, decoded (unescapeSlack), in place:
 *  an event's text (message, app_mention), a slash command's text, a message shortcut's message
 *  text. Everything else (form values, ids, button values) is left as sent. */
export function decodeTyped(body: Body): Body {
  const decode = (holder: unknown) => {
    if (holder && typeof holder === 'object' && typeof (holder as Body).text === 'string')
      (holder as Body).text = unescapeSlack((holder as Body).text as string);
  };
  if (body.type === 'event_callback') {
    const event = body.event as Body | undefined;
    if (event?.type === 'message' || event?.type === 'app_mention') decode(event);
  } else if (typeof body.command === 'string') decode(body);
  else if (body.type === 'message_action') decode(body.message);
  return body;
}

/** 401 for a request stamped too far ahead; the signature check (Bolt's) handles the rest.
 *  Logged like Bolt's own refusals (`Request verification failed`): operators look there for a
 *  clock that is off (docs/slack.md, Troubleshooting). Fixed text and the seconds ahead only. */
export function refuseFutureRequests(
  log: Pick<SlackLog, 'warn'>,
  now: () => number = Date.now,
): RequestHandler {
  return (req, res, next) => {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    const ahead = ts - Math.floor(now() / 1000);
    if (Number.isFinite(ts) && ahead > MAX_SKEW_SECONDS) {
      log.warn(
        { aheadSeconds: ahead },
        'slack: Request verification failed (timestamp more than 5 minutes ahead of this clock)',
      );
      res.status(401).send('');
      return;
    }
    next();
  };
}
