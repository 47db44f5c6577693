// POST /api/messages without Express in the way (docs/teams-speed.md, h/teams400): a click's
// request went through Express's request decoration (a prototype swap of the request and the
// response), its router (every route registered before ours), type-is, raw-body and iconv before
// `JSON.parse` — ~5 % of a click's CPU. The common request — JSON in UTF-8 with a length, no
// compression, a body that is a JSON object — is read here and handed to the same handler; every
// other request, and every request this path cannot answer exactly as the Express route would (a
// body Express's JSON parser refuses or reads differently, a handler that fails), goes to Express
// as it came, so its answer is the Express route's, byte for byte.
import { IncomingMessage, type ServerResponse } from 'node:http';
import type express from 'express';

/** Express's `express.json({ limit: '1mb' })` limit, in bytes (the `bytes` package's 1mb). */
export const BODY_LIMIT = 1024 * 1024;

/** Content types this path reads; Express's parser accepts more (case, other utf- charsets). */
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8']);

/** Requests that go (back) to Express, with the error the route must raise, if any. */
const raised = new WeakMap<IncomingMessage, unknown>();

/** The Express route's first step: what the direct path hands back with an error raises it there. */
export const raiseHandedBack: express.RequestHandler = (req, _res, next) => {
  if (raised.has(req)) next(raised.get(req));
  else next();
};

/** The body's length when this path can read the request as Express's JSON parser would; else null. */
export function plainJsonLength(req: IncomingMessage): number | null {
  const h = req.headers;
  if (!PLAIN_JSON.has(h['content-type'] ?? '')) return null;
  if (h['content-encoding'] !== undefined || h['transfer-encoding'] !== undefined) return null;
  const declared = h['content-length'] ?? '';
  if (!/^[1-9][0-9]{0,6}$/.test(declared)) return null; // an empty body is Express's ({})
  const length = Number(declared);
  return length <= BODY_LIMIT ? length : null;
}

/**
 * The JSON object Express's parser would make of `body`, or null when it would refuse it or read it
 * otherwise (a byte-order mark iconv strips, a malformed sequence, not an object): those go to Express.
 */
export function plainJsonObject(body: Buffer): Record<string, unknown> | null {
  if (body[0] !== 0x7b) return null; // '{': no BOM, no whitespace, not an array or a scalar
  const text = body.toString('utf8');
  if (text.includes('\ufffd')) return null; // decoded by iconv in Express: not guessed here
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export type ParsedHandler = (
  req: IncomingMessage & { body?: Record<string, unknown> },
  res: ServerResponse,
) => Promise<void>;

/**
 * The direct path: `accepts` (headers only) says whether the request is this path's at all; then
 * the body is read, parsed and `handle`d. Anything else goes to `app` as it came.
 */
export function directJson(
  app: (req: IncomingMessage, res: ServerResponse) => void,
  accepts: (req: IncomingMessage) => boolean,
  handle: ParsedHandler,
): (req: IncomingMessage, res: ServerResponse, scoped: (work: () => void) => void) => boolean {
  return (req, res, scoped) => {
    const length = accepts(req) ? plainJsonLength(req) : null;
    if (length === null) return false;
    const chunks: Buffer[] = [];
    let read = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      read += chunk.length;
    });
    // An aborted request: Express's parser failed it with a 400 nobody could receive; nothing to do.
    req.on('error', () => {});
    // The work runs in the server's scope (a configuration pinned per request, HttpServer.scope),
    // entered when the body is complete: 'end' is emitted from the socket's async context.
    // (Binding the callback to the arrival's context, as raw-body does, cost ~95 µs per request.)
    req.on('end', () =>
      scoped(() => {
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, read);
        const parsed = read === length ? plainJsonObject(body) : null;
        if (parsed === null) return handBack(app, req, res, body);
        const parsedReq = req as IncomingMessage & { body?: Record<string, unknown> };
        parsedReq.body = parsed;
        handle(parsedReq, res).catch((err: unknown) => handBack(app, req, res, Buffer.alloc(0), err));
      }),
    );
    return true;
  };
}

/**
 * The request to Express as it came: a copy of it carrying the body already read (the original's
 * stream is spent), and with `err` the route raises that error, as its handler's rejection would.
 */
function handBack(
  app: (req: IncomingMessage, res: ServerResponse) => void,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  err?: unknown,
): void {
  const again = new IncomingMessage(req.socket);
  again.method = req.method;
  again.url = req.url;
  again.httpVersion = req.httpVersion;
  again.httpVersionMajor = req.httpVersionMajor;
  again.httpVersionMinor = req.httpVersionMinor;
  again.headers = req.headers;
  again.rawHeaders = req.rawHeaders;
  if (err !== undefined) raised.set(again, err);
  if (body.length > 0) again.push(body);
  again.push(null);
  app(again, res);
}
