// The bench's Slack app credentials and Slack's request signature, shared by the sender and both
// servers of `npm run bench -- slack`.
import { createHmac } from 'node:crypto';

/** One signed request of the bench's load. */
export interface LoadRequest {
  body: string;
  headers: Record<string, string>;
}

export const BENCH_SECRET = 'bench-signing-secret';
export const BENCH_TOKEN = 'xoxb-bench';

/** Signed as Slack signs (v0, HMAC-SHA256 over `v0:{ts}:{body}`), stamped now. */
export function signed(body: string): LoadRequest {
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', BENCH_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
    },
  };
}
