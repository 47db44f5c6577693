// The fetch the Slack WebClient calls the Web API with: undici's request() on a keep-alive agent
// of our own, instead of Node's global fetch. Every card refresh and notification is a Web API
// call, and fetch's WHATWG layers (Request, body streams, a write per body chunk) cost more CPU
// than the rest of a delivery: in the core bench's drain profile, HTTP was ~30 % of the CPU and
// the body went out as a separate write from its headers. request() writes a string body with
// its headers at once. Bodies that are not a string (file uploads' FormData) keep global fetch.
import { Agent, request } from 'undici';

type FetchArgs = Parameters<typeof fetch>;

/** Only what WebClient reads of a response: status, headers, and the body. */
export interface WebApiResponse {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  json(): Promise<unknown>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * A fetch for WebClientOptions.fetch; its agent keeps up to 16 connections to the Web API.
 * `timeoutMs`: how long a sent call may wait for its answer's headers, and then between pieces
 * of its body. Give it here with the client's own `timeout` at 0: the client's timeout is an
 * `AbortSignal.timeout` made for every call (a timer registered for finalisation, and a listener
 * undici adds and removes), ~15 % of a call's CPU; undici times every request anyway (300 s by
 * default), so a shorter bound here costs nothing.
 */
export function webApiFetch(
  agent = new Agent({ keepAliveTimeout: 30_000, connections: 16 }),
  timeoutMs?: number,
): typeof fetch {
  const call = async (input: FetchArgs[0], init: FetchArgs[1] = {}): Promise<WebApiResponse | Response> => {
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string')
      return fetch(
        input,
        timeoutMs === undefined || init.signal ? init : { ...init, signal: AbortSignal.timeout(timeoutMs) },
      );
    const res = await request(String(input), {
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      headers: init.headers as Record<string, string> | undefined,
      body: body ?? undefined,
      signal: init.signal ?? undefined,
      dispatcher: agent,
      // Undefined: undici's defaults.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    // Read whole at once: Web API answers are small, and WebClient reads one as text, as bytes,
    // or (a 429's) not at all; the connection is free for the next call either way.
    const bytes = Buffer.from(await res.body.arrayBuffer());
    return {
      url: String(input),
      status: res.statusCode,
      statusText: '',
      ok: res.statusCode >= 200 && res.statusCode < 300,
      headers: headersOf(res.headers),
      json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
      text: async () => bytes.toString('utf8'),
      arrayBuffer: async () =>
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  };
  // WebClient reads only the members WebApiResponse has.
  return call as unknown as typeof fetch;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
