// TeamsCloudAdapter.processParsed answers a parsed HTTP request as botbuilder's CloudAdapter.process
// does (adapters/teams/start.ts), without process's per-request zod schemas: the same status,
// body and end for each request below, both ways, on the same adapter. Not the same log lines:
// processParsed logs to our logger, codes only (a thrown error's message may quote a person).
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TeamsBot } from '../../adapters/teams/bot.js';
import { createTeams, TeamsCloudAdapter } from '../../adapters/teams/start.js';
import { createLogger } from '../../src/app/log.js';
import { testConfig } from '../fixtures/config.js';

const APP_ID = '00000000-1111-2222-3333-444444444444';

class Bot extends ActivityHandler {
  protected override async onAdaptiveCardInvoke(context: TurnContext) {
    if (context.activity.value?.action?.verb === 'fail') throw new Error('turn failed');
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { at: context.activity.timestamp },
    };
  }
}

function recorder() {
  const calls: unknown[][] = [];
  const res = {
    socket: null,
    header(...a: unknown[]) {
      calls.push(['header', ...a]);
      return res;
    },
    status(...a: unknown[]) {
      calls.push(['status', ...a]);
      return res;
    },
    send(body: unknown) {
      calls.push(['send', JSON.parse(JSON.stringify(body ?? null))]);
      return res;
    },
    end() {
      calls.push(['end']);
      return res;
    },
  };
  return { res, calls };
}

const invoke = (verb: string, extra: object = {}) => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  id: 'a1',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:1/',
  timestamp: '2026-12-07T10:00:00.000Z',
  localTimestamp: '2026-12-07T18:00:00.000+08:00',
  from: { id: '29:u', name: 'U' },
  recipient: { id: '28:bot', name: 'bot' },
  conversation: { id: 'c1' },
  value: { action: { type: 'Action.Execute', verb, data: {} } },
  ...extra,
});

const requests: [string, () => { method?: string; body?: unknown; headers: Record<string, string> }][] = [
  ['an invoke', () => ({ method: 'POST', body: invoke('ok'), headers: {} })],
  ['a turn that fails', () => ({ method: 'POST', body: invoke('fail'), headers: {} })],
  ['a GET', () => ({ method: 'GET', body: invoke('ok'), headers: {} })],
  ['an array', () => ({ method: 'POST', body: [invoke('ok')], headers: {} })],
  ['null', () => ({ method: 'POST', body: null, headers: {} })],
  ['a string', () => ({ method: 'POST', body: 'text', headers: {} })],
  ['no body', () => ({ method: 'POST', headers: {} })],
  ['a Date', () => ({ method: 'POST', body: new Date(0), headers: {} })],
  ['an empty type', () => ({ method: 'POST', body: invoke('ok', { type: '' }), headers: {} })],
  [
    'a token when none is configured',
    () => ({ method: 'POST', body: invoke('ok'), headers: { authorization: 'Bearer x' } }),
  ],
];

const quiet = { warn() {}, error() {} };

async function answer(
  appId: string,
  run: 'process' | 'processParsed',
  req: () => object,
  log: ConstructorParameters<typeof TeamsCloudAdapter>[1] = quiet,
) {
  const adapter = new TeamsCloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: appId }),
    log,
  );
  adapter.onTurnError = async () => undefined;
  const bot = new Bot();
  const { res, calls } = recorder();
  const logic = (ctx: TurnContext) => bot.run(ctx);
  let thrown: string | null = null;
  try {
    if (run === 'process') await adapter.process(req() as never, res as never, logic);
    else await adapter.processParsed(req() as never, res as never, logic);
  } catch (err) {
    thrown = (err as Error).message;
  }
  return { calls, thrown };
}

describe('TeamsCloudAdapter.processParsed answers as CloudAdapter.process', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [name, req] of requests)
    it(name, async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const expected = await answer('', 'process', req);
      const got = await answer('', 'processParsed', req);
      expect(got).toEqual(expected);
    });

  it('a token that fails authentication: 401 with its message, both ways', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const req = () => ({ method: 'POST', body: invoke('ok'), headers: { authorization: 'Basic nope' } });
    const expected = await answer(APP_ID, 'process', req);
    const lines: string[] = [];
    const got = await answer(APP_ID, 'processParsed', req, logTo(lines));
    expect(expected.calls[0]).toEqual(['status', 401]);
    expect(got).toEqual(expected);
    // botbuilder's process printed it; processParsed logged it, as a warning, by its type.
    expect(errors).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { level: 40, err: { type: 'AuthenticationError' }, msg: 'teams: request not authenticated' },
    ]);
  });

  it('the activity reaches the turn fixed as process fixes it (timestamps as dates, raw kept)', async () => {
    const adapter = new TeamsCloudAdapter(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }),
      quiet,
    );
    const seen: unknown[] = [];
    const body = invoke('ok');
    await adapter.processParsed(
      { method: 'POST', body, headers: {} } as never,
      recorder().res as never,
      async (ctx) => {
        const a = ctx.activity as typeof ctx.activity & { rawTimestamp?: string };
        seen.push(a.timestamp, a.rawTimestamp, a.localTimestamp);
      },
    );
    expect(seen[0]).toBeInstanceOf(Date);
    expect(seen[1]).toBe('2026-12-07T10:00:00.000Z');
    expect(seen[2]).toBeInstanceOf(Date);
  });
});

const logTo = (lines: string[]) => createLogger('debug', { write: (line: string) => void lines.push(line) });

// A sentence a person wrote, quoted by whatever failed (JSON.parse, a driver, a tsquery parser).
const SECRET = 'my manager Wang Fang leaked the salary sheet SECRET-5c1e';
const failing = () => Object.assign(new SyntaxError(`Unexpected token in "${SECRET}"`), { code: 'E_SECRET' });

describe("a failed turn's log lines carry its type and code, never its message", () => {
  afterEach(() => vi.restoreAllMocks());

  it('processParsed: an error out of the turn, an empty type (nothing on the console)', async () => {
    const printed = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'log')];
    const lines: string[] = [];
    const adapter = new TeamsCloudAdapter(
      new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }),
      logTo(lines),
    );
    adapter.onTurnError = async (_context, err) => {
      throw err;
    };
    const failed = recorder();
    const logic = async () => {
      throw failing();
    };
    await adapter.processParsed(
      { method: 'POST', body: invoke('x'), headers: {} } as never,
      failed.res as never,
      logic,
    );
    const empty = { method: 'POST', body: invoke('x', { type: '' }), headers: {} };
    await adapter.processParsed(empty as never, recorder().res as never, logic);
    // The answer is botbuilder's, the error's message included (the caller is the Bot Framework).
    expect(failed.calls[0]).toEqual(['status', 500]);
    expect(lines.join('\n')).not.toContain('SECRET-5c1e');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      {
        level: 50,
        err: { type: 'SyntaxError', code: 'E_SECRET' },
        type: 'invoke',
        name: 'adaptiveCard/action',
      },
      { level: 40, status: 400 },
    ]);
    for (const p of printed) expect(p).not.toHaveBeenCalled();
  });

  it("createTeams: the turn's own error handler (onTurnError) logs the same", async () => {
    vi.spyOn(TeamsBot.prototype, 'run').mockRejectedValue(failing());
    const lines: string[] = [];
    const teams = createTeams(
      { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', local: true },
      {
        service: {},
        config: testConfig(),
        storage: {},
        log: logTo(lines),
        knowledge: {},
        reports: {},
      } as never,
    );
    await teams.handle({ method: 'POST', body: invoke('x'), headers: {} } as never, nodeResponse() as never);
    expect(lines.join('\n')).not.toContain('SECRET-5c1e');
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { level: 50, err: { type: 'SyntaxError', code: 'E_SECRET' }, msg: 'teams: turn failed' },
    ]);
    expect(JSON.parse(lines[0] ?? '{}').err).not.toHaveProperty('stack');
  });
});

describe('the Teams route answers through processParsed', () => {
  it('never through CloudAdapter.process (its zod schemas are built per request)', async () => {
    const process = vi.spyOn(CloudAdapter.prototype, 'process');
    const parsed = vi.spyOn(TeamsCloudAdapter.prototype, 'processParsed');
    const log = { info() {}, warn() {}, error() {} };
    const teams = createTeams(
      { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', local: true },
      { service: {}, config: testConfig(), storage: {}, log, knowledge: {}, reports: {} } as never,
    );
    const written: unknown[] = [];
    await teams.handle({ method: 'POST', body: [], headers: {} } as never, nodeResponse(written) as never);
    expect(written).toEqual([400, NOT_AN_OBJECT]);
    expect(parsed).toHaveBeenCalledTimes(1);
    expect(process).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});

const NOT_AN_OBJECT =
  '`req.body` not an object, make sure you are using middleware to parse incoming requests.';

/** The parts of Node's response botResponse writes to. */
function nodeResponse(written: unknown[] = []) {
  const res = {
    headersSent: false,
    writableEnded: false,
    statusCode: 200,
    setHeader() {},
    writeHead: (status: number) => written.push(status),
    end(body?: unknown) {
      written.push(String(body));
      res.writableEnded = true;
    },
  };
  return res;
}
