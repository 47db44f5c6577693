// The fetch the Slack WebClient calls the Web API with: undici on a keep-alive agent of our own
// (its dispatch, the answer read whole: see `whole`), instead of Node's global fetch. Every card
// refresh and notification is a Web API call, and fetch's WHATWG layers (Request, body streams,
// a write per body chunk) cost more CPU than the rest of a delivery: in the core bench's drain
// profile, HTTP was ~30 % of the CPU and the body went out as a separate write from its headers.
// undici writes a string body with its headers at once. Bodies that are not a string (file
// uploads' FormData) keep global fetch.
import { Agent, type Dispatcher, request } from 'undici';

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
        timeoutMs === undefined || init.signal
          ? init
          : Object.assign({}, init, { signal: AbortSignal.timeout(timeoutMs) }),
      );
    const options = {
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      headers: init.headers as Record<string, string> | undefined,
      body: body ?? undefined,
      // Undefined: undici's defaults.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    };
    const { statusCode, headers, bytes } = init.signal
      ? await viaRequest(agent, String(input), options, init.signal)
      : await whole(agent, new URL(String(input)), options);
    return {
      url: String(input),
      status: statusCode,
      statusText: '',
      ok: statusCode >= 200 && statusCode < 300,
      headers,
      json: async () => JSON.parse(bytes.toString('utf8')) as unknown,
      text: async () => bytes.toString('utf8'),
      arrayBuffer: async () =>
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    };
  };
  // WebClient reads only the members WebApiResponse has.
  return call as unknown as typeof fetch;
}

type CallOptions = Pick<
  Dispatcher.DispatchOptions,
  'method' | 'headers' | 'body' | 'headersTimeout' | 'bodyTimeout'
>;

interface Answer {
  statusCode: number;
  headers: Headers;
  bytes: Buffer;
}

/**
 * The call through the agent's dispatch with a handler that keeps the answer's chunks: request()
 * wraps every answer in a Readable stream, which a body read whole at once does not need (its
 * machinery was ~30 µs of a call's ~65 µs in undici, measured in isolation). Errors are undici's,
 * as request() rejects with them (timeouts, a closed socket).
 */
function whole(agent: Dispatcher, url: URL, options: CallOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let statusCode = 0;
    let headers: Headers | null = null;
    // undici 7's agent takes this (legacy) handler shape; its newer one was refused by Client.
    const handler: Dispatcher.DispatchHandler = {
      onConnect() {},
      onHeaders(status, raw) {
        // 1xx: informational, the answer is still to come.
        if (status < 200) return true;
        statusCode = status;
        headers = headersOfRaw(raw);
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        resolve({
          statusCode,
          headers: headers ?? new Headers(),
          bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
        });
      },
      onError: reject,
    };
    agent.dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: options.method,
        headers: options.headers,
        body: options.body,
        headersTimeout: options.headersTimeout,
        bodyTimeout: options.bodyTimeout,
      },
      handler,
    );
  });
}

/** With the caller's abort signal (a client `timeout`): request(), which honours it at every stage. */
async function viaRequest(
  agent: Dispatcher,
  url: string,
  options: CallOptions,
  signal: AbortSignal,
): Promise<Answer> {
  const res = await request(
    url,
    Object.assign({}, options, { signal, dispatcher: agent }) as Parameters<typeof request>[1],
  );
  return {
    statusCode: res.statusCode,
    headers: headersOf(res.headers),
    bytes: Buffer.from(await res.body.arrayBuffer()),
  };
}

/** Raw name/value pairs, as undici's request() reads them for its `headers` (latin1). */
function headersOfRaw(raw: readonly (Buffer | string)[] | null): Headers {
  const headers = new Headers();
  if (raw)
    for (let i = 0; i + 1 < raw.length; i += 2)
      headers.append(String(raw[i]?.toString('latin1')), String(raw[i + 1]?.toString('latin1')));
  return headers;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
