// The reference of `npm run bench -- teams`, in a process of its own: a bare botbuilder bot
// (CloudAdapter, ActivityHandler, Express's JSON parser) that only answers the invoke with a fixed
// card. The floor botbuilder itself sets on this machine.
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { serveTarget } from './open-loop.js';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
class Bare extends ActivityHandler {
  protected override async onAdaptiveCardInvoke() {
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
  stop: () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
});
