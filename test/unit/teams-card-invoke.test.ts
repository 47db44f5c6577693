// CardInvokeHandler answers an Action.Execute click without botbuilder's per-step wrappers
// (adapters/teams/card-invoke.ts): each activity below goes through botbuilder 4.23's own dispatch
// (ActivityHandler.run) and through the bot's `run`, on the same adapter and bot, and every HTTP
// answer, every activity sent and every turn error must be the same both ways.
import {
  ActivityHandler,
  type AdaptiveCardInvokeValue,
  ConfigurationBotFrameworkAuthentication,
  InvokeException,
  type TaskModuleRequest,
  type TurnContext,
} from 'botbuilder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardInvokeHandler } from '../../adapters/teams/card-invoke.js';
import { TeamsCloudAdapter } from '../../adapters/teams/start.js';

/** What each verb makes the bot's card handler do. */
const verbs: Record<string, (ctx: TurnContext, value: AdaptiveCardInvokeValue) => Promise<unknown>> = {
  ok: async (_ctx, value) => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value }),
  throws: async () => {
    throw new Error('turn failed');
  },
  throwsNow: () => {
    throw new Error('thrown before any promise');
  },
  notImplemented: async () => {
    throw new Error('NotImplemented');
  },
  badRequest: async () => {
    throw new Error('BadRequest');
  },
  invokeException: async () => {
    throw new InvokeException(409, { why: 'stale' });
  },
  nothing: async () => undefined,
  answersItself: async (ctx) => {
    await ctx.sendActivity({ type: 'invokeResponse', value: { status: 202, body: { own: true } } });
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: {} };
  },
};

class Bot extends CardInvokeHandler {
  constructor() {
    super();
    this.onMessage(async (ctx, next) => {
      await ctx.sendActivity('message seen');
      await next();
    });
  }
  protected override onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue) {
    const verb = verbs[String(value.action?.verb)] ?? verbs.ok;
    return verb?.(ctx, value) as never;
  }
  protected override async handleTeamsTaskModuleFetch(_ctx: TurnContext, request: TaskModuleRequest) {
    return { task: { type: 'message' as const, value: `fetched ${JSON.stringify(request.data)}` } };
  }
}

const activity = (extra: object): Record<string, unknown> => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  id: 'a1',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:1/',
  from: { id: '29:u', name: 'U' },
  recipient: { id: '28:bot', name: 'bot' },
  conversation: { id: 'c1' },
  ...extra,
});
const click = (action: object | undefined, extra: object = {}) =>
  activity({ value: action === undefined ? {} : { action, state: 's' }, ...extra });

const cases: [string, Record<string, unknown>][] = [
  ['a valid Action.Execute', click({ type: 'Action.Execute', verb: 'ok', id: 'b', data: { x: 1 } })],
  ['no value', activity({})],
  ['a value without action', click(undefined)],
  ['an Action.Submit', click({ type: 'Action.Submit', verb: 'ok' })],
  ['an action without type', click({ verb: 'ok' })],
  ['a verb that throws', click({ type: 'Action.Execute', verb: 'throws' })],
  ['a verb that throws at once', click({ type: 'Action.Execute', verb: 'throwsNow' })],
  ['a verb that throws NotImplemented', click({ type: 'Action.Execute', verb: 'notImplemented' })],
  ['a verb that throws BadRequest', click({ type: 'Action.Execute', verb: 'badRequest' })],
  ['a verb that throws an InvokeException', click({ type: 'Action.Execute', verb: 'invokeException' })],
  ['a verb that answers nothing', click({ type: 'Action.Execute', verb: 'nothing' })],
  ['a verb that sends its own invoke response', click({ type: 'Action.Execute', verb: 'answersItself' })],
  ['task/fetch', activity({ name: 'task/fetch', value: { data: { a: 1 } } })],
  ['signin/verifyState', activity({ name: 'signin/verifyState', value: { state: '1' } })],
  ['an unknown invoke', activity({ name: 'nothing/here', value: {} })],
  ['an invoke without name', activity({ name: undefined, value: { action: { type: 'Action.Execute' } } })],
  ['a message', activity({ type: 'message', name: undefined, text: 'hello' })],
];

const quiet = { warn() {}, error() {} };

type Dispatch = (bot: ActivityHandler, ctx: TurnContext) => Promise<void>;
const botbuilders: Dispatch = (bot, ctx) => ActivityHandler.prototype.run.call(bot, ctx);
const ours: Dispatch = (bot, ctx) => bot.run(ctx);

/** Everything the turn shows outside: the HTTP answer, the activities sent, the turn's error. */
async function turn(body: Record<string, unknown>, dispatch: Dispatch, bot: ActivityHandler = new Bot()) {
  const adapter = new TeamsCloudAdapter(
    new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }),
    quiet,
  );
  const seen: unknown[] = [];
  adapter.onTurnError = async (_ctx, err) => {
    seen.push(['turn error', err?.constructor?.name, err?.message]);
  };
  const record =
    (name: string) =>
    (...a: unknown[]) => {
      seen.push([name, ...a.map((v) => JSON.parse(JSON.stringify(v ?? null)))]);
      return res;
    };
  const res = {
    socket: null,
    header: record('header'),
    status: record('status'),
    send: record('send'),
    end: record('end'),
  };
  const logic = (ctx: TurnContext) => {
    ctx.onSendActivities(async (_c, activities, next) => {
      seen.push([
        'sent',
        activities.map((a) => [a.type, a.text, JSON.parse(JSON.stringify(a.value ?? null))]),
      ]);
      // The invoke response stays in the turn (the adapter answers it); nothing else leaves.
      if (activities.every((a) => a.type === 'invokeResponse')) return next();
      return activities.map(() => ({ id: 'sent' }));
    });
    return dispatch(bot, ctx);
  };
  await adapter.processParsed(
    { method: 'POST', body: structuredClone(body), headers: {} },
    res as never,
    logic,
  );
  return seen;
}

describe('CardInvokeHandler dispatches as botbuilder 4.23 does', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [name, body] of cases)
    it(name, async () => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const expected = await turn(body, botbuilders);
      expect(expected.length).toBeGreaterThan(1);
      expect(await turn(body, ours)).toEqual(expected);
    });

  it('a valid click skips botbuilder’s steps; anything else takes them', async () => {
    const steps = vi.spyOn(ActivityHandler.prototype as never, 'onTurnActivity');
    await turn(cases[0]?.[1] ?? {}, ours);
    expect(steps).not.toHaveBeenCalled();
    await turn(activity({ name: 'task/fetch', value: {} }), ours);
    expect(steps).toHaveBeenCalledTimes(1);
  });

  it('a bot with onTurn or onDialog handlers keeps botbuilder’s path, and they run', async () => {
    for (const hook of ['onTurn', 'onDialog'] as const) {
      const make = () => {
        const bot = new Bot();
        bot[hook](async (ctx, next) => {
          await ctx.sendActivity(`${hook} ran`);
          await next();
        });
        return bot;
      };
      const body = cases[0]?.[1] ?? {};
      const expected = await turn(body, botbuilders, make());
      expect(JSON.stringify(expected)).toContain(`${hook} ran`);
      expect(await turn(body, ours, make())).toEqual(expected);
    }
  });
});
