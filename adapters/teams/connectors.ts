// One ConnectorClient per bot, service URL and audience, kept across turns. CloudAdapter asks
// its authentication for a connector factory on every turn and the factory builds a new client
// each time: an Azure HTTP pipeline with its policies, about 4% of the bot's CPU per click in
// the Teams bench. The client holds nothing of a turn (its credentials fetch and cache their own
// tokens), so one per (app id, service URL, audience) serves every turn, as botbuilder's older
// BotFrameworkAdapter kept them.
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Auth = Pick<ConfigurationBotFrameworkAuthentication, 'createConnectorFactory'>;
type Factory = ReturnType<Auth['createConnectorFactory']>;
type Claims = Parameters<Auth['createConnectorFactory']>[0];
type Client = Awaited<ReturnType<Factory['create']>>;

/** Service URLs come from the activities: a bounded number of clients (Teams has a few). */
const MAX_CLIENTS = 64;

/** Makes `auth` hand out factories whose clients are reused; returns it. */
export function reuseConnectors<A extends Auth>(auth: A): A {
  const clients = new Map<string, Promise<Client>>();
  const factoryOf = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims: Claims): Factory => {
    const factory = factoryOf(claims);
    // The factory's app id comes from these claims (audience, or app id for the emulator).
    const bot = `${claims.getClaimValue('aud') ?? ''}\n${claims.getClaimValue('appid') ?? ''}`;
    const create = (serviceUrl: string, audience?: string): Promise<Client> => {
      const key = `${bot}\n${serviceUrl}\n${audience ?? ''}`;
      let client = clients.get(key);
      if (!client) {
        if (clients.size >= MAX_CLIENTS) clients.clear();
        client = factory.create(serviceUrl, audience);
        clients.set(key, client);
        // A failed creation (credentials) is tried again on the next turn.
        client.catch(() => clients.delete(key));
      }
      return client;
    };
    return Object.assign(Object.create(factory) as Factory, { create });
  };
  return auth;
}
