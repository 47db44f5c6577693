// Which failures are "the database is unavailable" (the plain "not saved, try again in a minute"
// answer) and which are not: decided from codes, through drizzle's and Node's wrappers.

import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SlackContext } from '../../adapters/slack/context.js';
import { answerError } from '../../adapters/slack/run.js';
import { createLogger } from '../../src/app/log.js';
import {
  databaseUnavailableCode,
  isDatabaseUnavailable,
  platformUnreachable,
} from '../../src/app/unavailable.js';
import { defaultConfig } from '../../src/config/schema.js';
import { DomainError } from '../../src/core/errors.js';
import { t } from '../../src/i18n/index.js';

/** A port nothing listens on (fetch refuses port 1 outright as a "bad port"). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const coded = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

describe('databaseUnavailableCode', () => {
  it.each([
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'CONNECT_TIMEOUT',
    'ECONNREFUSED',
    'ECONNRESET',
    '57P01',
    '57P03',
    '08006',
  ])('%s is an outage', (code) => {
    expect(databaseUnavailableCode(coded(code))).toBe(code);
  });

  it('looks through drizzle’s wrapper (cause) and Node’s AggregateError (errors)', () => {
    const wrapped = Object.assign(new Error('Failed query: insert … params: Printer on fire'), {
      cause: new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect'),
    });
    expect(databaseUnavailableCode(wrapped)).toBe('ECONNREFUSED');
  });

  it.each([
    ['a constraint violation', coded('23505')],
    ['a wrong password', coded('28P01')],
    ['a domain error', new DomainError('forbidden', {})],
    ['a plain error', new Error('boom')],
    ['not an error', 'CONNECTION_CLOSED'],
    ['an object with errors that is not a list', Object.assign(new Error('x'), { errors: { a: 1 } })],
  ])('%s is not', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

// An operator's trial: a Teams reply to an unreachable serviceUrl (ECONNREFUSED) was logged as
// "teams: database unavailable" and people were told the database was down. The errors below are
// the real ones the platform clients throw, not hand-made shapes.
describe('a chat platform that cannot be reached is not the database', () => {
  it('Teams: the Bot Framework connector’s RestError names the serviceUrl host', async () => {
    const { ConnectorClient, MicrosoftAppCredentials } = await import('botframework-connector');
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), {
      baseUri: 'http://127.0.0.1:1',
    });
    const err = await client.conversations
      .sendToConversation('conversation', { type: 'message', text: 'Printer on fire' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(databaseUnavailableCode(err)).toBeNull();
    expect(platformUnreachable(err)).toEqual({ code: 'ECONNREFUSED', host: '127.0.0.1:1' });
  });

  it('Slack: the Web API’s request error (fetch inside) is Slack’s', async () => {
    const { WebClient } = await import('@slack/web-api');
    const port = await freePort();
    const client = new WebClient('xoxb-test', {
      slackApiUrl: `http://127.0.0.1:${port}/api/`,
      retryConfig: { retries: 0 },
    });
    const err = await client.chat.postMessage({ channel: 'C1', text: 'Printer on fire' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(databaseUnavailableCode(err)).toBeNull();
    // Its error names no URL: the host is the client's (SLACK_API_URL), else Slack's own.
    expect(platformUnreachable(err, client.slackApiUrl)).toEqual({
      code: 'ECONNREFUSED',
      host: `127.0.0.1:${port}`,
    });
    expect(platformUnreachable(err)).toEqual({ code: 'ECONNREFUSED', host: 'slack.com' });
  });

  it('Slack: a command that could not reach Slack logs the API host, no token and no words', async () => {
    const { WebClient } = await import('@slack/web-api');
    const port = await freePort();
    const client = new WebClient('xoxb-SECRET-TOKEN', {
      slackApiUrl: `http://127.0.0.1:${port}/api/`,
      retryConfig: { retries: 0 },
    });
    const err = await client.chat.postMessage({ channel: 'C1', text: 'Printer on fire' }).then(
      () => null,
      (e: unknown) => e,
    );
    const lines: string[] = [];
    const told: string[] = [];
    const ctx = {
      config: defaultConfig(),
      log: createLogger('debug', { write: (line: string) => void lines.push(line) }),
      client,
      tell: async (_user: string, _channel: string | null, text: string) => void told.push(text),
    } as unknown as SlackContext;
    const actor = { id: 'U1', name: 'U1', roles: [], teams: [] };
    await answerError(ctx, err, { actor, userId: 'U1', channel: 'C1' });
    expect(told).toEqual([t('zh-CN', 'slack.error.platform_unreachable')]);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toMatchObject([
      {
        msg: 'slack: could not reach Slack, command failed',
        code: 'ECONNREFUSED',
        host: `127.0.0.1:${port}`,
      },
    ]);
    for (const secret of ['xoxb', 'SECRET', 'Printer on fire'])
      expect(lines.join('\n')).not.toContain(secret);
  });

  it('a database socket error is not a platform one', () => {
    expect(platformUnreachable(coded('ECONNREFUSED'))).toBeNull();
    expect(databaseUnavailableCode(coded('ECONNREFUSED'))).toBe('ECONNREFUSED');
  });
});
