// One ConnectorClient per bot, service URL and audience, and one UserTokenClient per bot, across
// turns (adapters/teams/connectors.ts).
import { describe, expect, it } from 'vitest';
import { reuseConnectors } from '../../adapters/teams/connectors.js';

interface Claims {
  getClaimValue(k: string): string | null;
}
const claims = (aud: string): Claims => ({ getClaimValue: (k: string) => (k === 'aud' ? aud : null) });

function fakeAuth(failFirst = false) {
  const made: string[] = [];
  let failures = failFirst ? 1 : 0;
  const factory = (claims: Claims) => ({
    create: async (serviceUrl: string, audience?: string) => {
      if (failures-- > 0) throw new Error('no credentials yet');
      made.push(`${claims.getClaimValue('aud')} ${serviceUrl} ${audience ?? '-'}`);
      return { serviceUrl, n: made.length };
    },
  });
  const auth = {
    createConnectorFactory: factory,
    // An incoming activity's factory comes with its authentication, not from createConnectorFactory.
    authenticateRequest: async (activity: { aud: string }) => {
      const claimsIdentity = claims(activity.aud);
      return {
        claimsIdentity,
        audience: 'https://api.botframework.com',
        connectorFactory: factory(claimsIdentity),
      };
    },
    createUserTokenClient: async (claims: Claims) => {
      made.push(`token client ${claims.getClaimValue('aud')}`);
      return { made: made.length };
    },
  };
  return { auth: reuseConnectors(auth as never) as unknown as typeof auth, made };
}

describe('Teams connector clients', () => {
  it('reuses one client per bot, service URL and audience across turns', async () => {
    const { auth, made } = fakeAuth();
    const turn = (aud: string, url: string, audience?: string) =>
      auth.createConnectorFactory(claims(aud)).create(url, audience);
    const first = await turn('bot', 'https://smba.example/emea/');
    expect(await turn('bot', 'https://smba.example/emea/')).toBe(first);
    await turn('bot', 'https://smba.example/amer/');
    await turn('bot', 'https://smba.example/emea/', 'https://api.botframework.com');
    await turn('other-bot', 'https://smba.example/emea/');
    expect(made).toEqual([
      'bot https://smba.example/emea/ -',
      'bot https://smba.example/amer/ -',
      'bot https://smba.example/emea/ https://api.botframework.com',
      'other-bot https://smba.example/emea/ -',
    ]);
  });

  it('tries a failed creation again on the next turn', async () => {
    const { auth, made } = fakeAuth(true);
    const turn = () => auth.createConnectorFactory(claims('bot')).create('https://smba.example/emea/');
    await expect(turn()).rejects.toThrow('no credentials yet');
    await turn();
    await turn();
    expect(made).toHaveLength(1);
  });

  it('reuses them for incoming activities too, and one user token client per bot', async () => {
    const { auth, made } = fakeAuth();
    const turn = async (aud: string) => {
      const result = await auth.authenticateRequest({ aud });
      await auth.createUserTokenClient(result.claimsIdentity);
      return result.connectorFactory.create('https://smba.example/emea/', result.audience);
    };
    const first = await turn('bot');
    expect(await turn('bot')).toBe(first);
    await turn('other-bot');
    expect(made).toEqual([
      'token client bot',
      'bot https://smba.example/emea/ https://api.botframework.com',
      'token client other-bot',
      'other-bot https://smba.example/emea/ https://api.botframework.com',
    ]);
  });
});
