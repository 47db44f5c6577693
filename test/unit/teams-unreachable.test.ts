// A direct message the Teams notifier cannot deliver. Before anyone has written to the bot (no
// service address stored: a fresh install, the demo before the Playground connects) every one
// fails alike and it is normal: one info line, not a warning per person. Once the bot can start
// chats, a person it still cannot reach is a warning.
import { describe, expect, it } from 'vitest';
import { TeamsNotifier, type TeamsNotifierDeps } from '../../adapters/teams/notifier.js';
import type { OutgoingMessage } from '../../src/app/notifier.js';

function notifier(service: object | null, createsChat = false) {
  const said: string[] = [];
  const log = {
    info: (o: object | string, m?: string) => said.push(`info ${m ?? o}`),
    warn: (o: object | string, m?: string) => said.push(`warn ${m ?? o}`),
    error: (o: object | string, m?: string) => said.push(`error ${m ?? o}`),
  };
  const deps = {
    adapter: {
      continueConversationAsync: async () => {},
      createConversationAsync: async (...args: unknown[]) => {
        const logic = args[5] as (ctx: object) => Promise<void>;
        await logic({ activity: createsChat ? { conversation: {} } : {} });
      },
    },
    appId: '',
    places: {},
    config: {},
    conversations: {
      personal: async () => null,
      service: async () => service,
      rememberPersonal: async () => {},
    },
    renderer: {},
    log,
  } as unknown as TeamsNotifierDeps;
  return { teams: new TeamsNotifier(deps), said };
}

const dm = (user: string): OutgoingMessage =>
  ({
    to: { kind: 'direct', user },
    text: 'hello',
    says: { key: 'x' },
    mentions: [],
    card: null,
    notification: null,
  }) as unknown as OutgoingMessage;

describe('Teams direct messages nobody can receive yet', () => {
  it('no service address: one info line for all of them, no warning', async () => {
    const { teams, said } = notifier(null);
    for (const user of ['29:a', '29:b', '29:c', '29:a']) expect(await teams.send(dm(user))).toBeNull();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^info teams: nobody has written to the bot yet/);
  });

  it('a service address but no chat could be started: a warning per message', async () => {
    const { teams, said } = notifier({ serviceUrl: 'https://smba.example/', conversation: {} });
    await teams.send(dm('29:a'));
    await teams.send(dm('29:b'));
    expect(said).toEqual([
      'warn teams: cannot reach this user (no personal chat, and none could be started)',
      'warn teams: cannot reach this user (no personal chat, and none could be started)',
    ]);
  });
});
