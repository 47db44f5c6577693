// The reference of `npm run bench -- teams`, in a process of its own: a bare botbuilder bot
// (CloudAdapter, ActivityHandler, Express's JSON parser) that only answers the invoke with a fixed
// card. The floor botbuilder itself sets on this machine.
// With BENCH_DURABLE_URL (`--durable`) it first stores the click — one INSERT of its activity id,
// committed, so one WAL flush (shared by concurrent clicks, as PostgreSQL groups them) — and only
// then answers: the floor for any bot that, like ours, acknowledges nothing before it is durable.
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import express from 'express';
import postgres from 'postgres';
import { serveTarget } from './open-loop.js';

const durableUrl = process.env.BENCH_DURABLE_URL;
const sql = durableUrl ? postgres(durableUrl, { max: 10, onnotice: () => {} }) : null;
if (sql)
  await sql`create table if not exists clicks (id text primary key, at timestamptz not null default now())`;

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
class Bare extends ActivityHandler {
  protected override async onAdaptiveCardInvoke(context: TurnContext) {
    if (sql) await sql`insert into clicks (id) values (${context.activity.id ?? ''}) on conflict do nothing`;
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }] },
    };
  }
}
const bot = new Bare();
const app = express();
app.post('/api/messages', express.json({ limit: '1mb' }), (req, res, next) => {
  adapter.process(req as never, res as never, (ctx) => bot.run(ctx)).catch(next);
});
const server = app.listen(0, '127.0.0.1');
server.keepAliveTimeout = 120_000;
await new Promise<void>((r) => server.once('listening', r));
serveTarget((server.address() as AddressInfo).port, {
  // How many clicks are stored: the bench checks that every answered one was.
  stored: async () => (sql ? Number((await sql`select count(*)::int as n from clicks`)[0]?.n) : null),
  stop: () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
      void sql?.end();
    }),
});
