// Accounts are keyed by platform: a platform the core has never heard of ("matrix" here) is
// configured in YAML, validated at start-up and resolved to a person, with no change to src/core.
import { describe, expect, it } from 'vitest';
import { accountOf, actorFor, findPerson } from '../../src/app/identity.js';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const YAML = [
  'people:',
  '  - { id: ann, name: Ann, roles: [agent], slack: U0ANN, accounts: { matrix: "@ann:example.org" } }',
  '  - { id: ben, name: Ben, teams: "29:ben" }',
  'teams:',
  '  - id: net',
  '    label: { zh-CN: 网络, en: Network }',
  '    members: [ann]',
  '    channels: { slack: C0NET, accounts: { matrix: "!net:example.org" } }',
  'channels:',
  '  desk: { teams: "19:desk@thread.tacv2", accounts: { matrix: "!desk:example.org" } }',
  '',
].join('\n');

function problems(text: string): ConfigError {
  try {
    parseConfigText(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('accounts keyed by platform', () => {
  const cfg = parseConfigText(YAML, 'ok.yaml');

  it('keeps the friendly slack:/teams: keys and adds any other platform to the same map', () => {
    expect(cfg.people[0]?.accounts).toEqual({ slack: 'U0ANN', matrix: '@ann:example.org' });
    expect(cfg.people[1]?.accounts).toEqual({ teams: '29:ben' });
    expect(cfg.teams[0]?.channels).toEqual({ slack: 'C0NET', matrix: '!net:example.org' });
    expect(cfg.channels.desk).toEqual({ teams: '19:desk@thread.tacv2', matrix: '!desk:example.org' });
    expect(cfg.channels.managers).toEqual({});
  });

  it('resolves a third platform’s user to the configured person, roles and teams included', () => {
    const actor = actorFor(cfg, { platform: 'matrix', userId: '@ann:example.org', name: 'whoever' });
    expect(actor).toEqual({ id: 'ann', name: 'Ann', roles: ['agent'], teams: ['net'] });
    expect(accountOf(cfg, 'ann', 'matrix')).toBe('@ann:example.org');
    expect(accountOf(cfg, 'ben', 'matrix')).toBeNull();
    // The same id on another platform is someone else.
    expect(findPerson(cfg, { platform: 'slack', userId: '@ann:example.org', name: '' })).toBeUndefined();
    expect(actorFor(cfg, { platform: 'matrix', userId: '@zed:example.org', name: 'Zed' })).toEqual({
      id: 'matrix:@zed:example.org',
      name: 'Zed',
      roles: [],
      teams: [],
    });
  });

  it('refuses, with the path, Slack or Teams ids under accounts, bad platform ids and shared ids', () => {
    const err = problems(
      [
        'people:',
        '  - { id: ann, name: Ann, accounts: { slack: U0ANN } }',
        '  - { id: ben, name: Ben, accounts: { Matrix: "@x" } }',
        '  - { id: cid, name: Cid, accounts: { matrix: "@c:example.org" } }',
        '  - { id: dan, name: Dan, accounts: { matrix: "@c:example.org" } }',
        '  - { id: eve, name: Eve, accounts: { matrix: "" } }',
        '',
      ].join('\n'),
    );
    const at = (path: string) => err.problems.find((p) => p.path === path)?.message;
    expect(at('people[0].accounts.slack')).toMatch(
      /^expected a platform other than slack and teams \(write `slack:`/,
    );
    expect(at('people[1].accounts.Matrix')).toMatch(/^expected a platform id such as "matrix"/);
    expect(at('people[3].accounts.matrix')).toMatch(
      /^expected a unique value, got "@c:example.org" again \(first at people\[2\]\.accounts\.matrix\)/,
    );
    expect(at('people[4].accounts.matrix')).toMatch(/^expected a non-empty text/);
  });
});
