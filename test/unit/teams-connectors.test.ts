// One ConnectorClient per bot, service URL and audience across turns (adapters/teams/connectors.ts).
import { describe, expect, it } from 'vitest';
import { reuseConnectors } from '../../adapters/teams/connectors.js';

function fakeAuth(failFirst = false) {
  const made: string[] = [];
  let failures = failFirst ? 1 : 0;
  const auth = {
    createConnectorFactory: (claims: { getClaimValue(k: string): string | null }) => ({
      create: async (serviceUrl: string, audience?: string) => {
        if (failures-- > 0) throw new Error('no credentials yet');
        made.push(`${claims.getClaimValue('aud')} ${serviceUrl} ${audience ?? '-'}`);
        return { serviceUrl, n: made.length };
      },
    }),
  };
  return { auth: reuseConnectors(auth as never) as unknown as typeof auth, made };
}

const claims = (aud: string) => ({ getClaimValue: (k: string) => (k === 'aud' ? aud : null) });

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
});
