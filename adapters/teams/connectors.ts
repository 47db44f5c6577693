// One ConnectorClient per bot, service URL and audience, and one UserTokenClient per bot, kept
// across turns. CloudAdapter gets a connector factory on every turn (from authenticateRequest for
// an incoming activity, from createConnectorFactory for a proactive one) and asks for a user token
// client on every turn; each builds a new client: an Azure HTTP pipeline with its policies, about
// 4% of the bot's CPU per click in the Teams bench. The clients hold nothing of a turn (their
// credentials fetch and cache their own tokens), so one per bot (and service URL, audience) serves
// every turn, as botbuilder's older BotFrameworkAdapter kept them.
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Auth = Pick<
  ConfigurationBotFrameworkAuthentication,
  'createConnectorFactory' | 'authenticateRequest' | 'createUserTokenClient'
>;
type Factory = ReturnType<Auth['createConnectorFactory']>;
type Claims = Parameters<Auth['createConnectorFactory']>[0];
type Client = Awaited<ReturnType<Factory['create']>>;
type TokenClient = Awaited<ReturnType<Auth['createUserTokenClient']>>;

/** Service URLs come from the activities: a bounded number of clients (Teams has a few). */
const MAX_CLIENTS = 64;

/** The bot a factory or token client is for: its app id comes from these claims (audience, or
 *  app id for the emulator). */
const botOf = (claims: Claims) =>
  `${claims.getClaimValue('aud') ?? ''}\n${claims.getClaimValue('appid') ?? ''}`;

/** A bounded cache of promises; a rejected one is dropped, so a failure (credentials) is tried
 *  again on the next turn. */
function promiseCache<T>(): (key: string, make: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, make) => {
    let value = kept.get(key);
    if (!value) {
      if (kept.size >= MAX_CLIENTS) kept.clear();
      value = make();
      kept.set(key, value);
      value.catch(() => kept.delete(key));
    }
    return value;
  };
}

/** Makes `auth` hand out factories whose clients are reused, and reuse token clients; returns it. */
export function reuseConnectors<A extends Auth>(auth: A): A {
  const clients = promiseCache<Client>();
  const reusing = (factory: Factory, claims: Claims): Factory => {
    const bot = botOf(claims);
    const create = (serviceUrl: string, audience?: string): Promise<Client> =>
      clients(`${bot}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience));
    return Object.assign(Object.create(factory) as Factory, { create });
  };
  const factoryOf = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims) => reusing(factoryOf(claims), claims);
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticate(activity, authHeader);
    const { connectorFactory: factory, claimsIdentity } = result;
    return factory ? { ...result, connectorFactory: reusing(factory, claimsIdentity) } : result;
  };
  const tokenClients = promiseCache<TokenClient>();
  const tokenClientOf = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (claims) => tokenClients(botOf(claims), () => tokenClientOf(claims));
  return auth;
}
