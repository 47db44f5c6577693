// The app manifests an admin creates the app from must match what the code listens to and
// calls: the slash command, the shortcut, the events, and a scope for every Web API method used.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EVENTS_PATH } from '../../../adapters/slack/app.js';
import { SLASH_COMMAND } from '../../../adapters/slack/commands/incident.js';
import { CALLBACK } from '../../../adapters/slack/ids.js';

interface Manifest {
  display_information: { name: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    shortcuts: { type: string; callback_id: string; name: string }[];
    slash_commands: { command: string; url?: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

const load = (file: string) => parse(readFileSync(join('manifest', file), 'utf8')) as Manifest;

/** Web API method → the bot scopes it needs (none: no scope). */
const SCOPES: Record<string, string | readonly string[] | null> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.getPermalink': null,
  'conversations.open': 'im:write',
  'users.info': 'users:read',
  // The directory (issue 16 item 1): groups, channel members (public and private), e-mails.
  'users.list': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'usergroups.users.list': 'usergroups:read',
  'conversations.members': ['channels:read', 'groups:read'],
  'views.open': null,
  'views.publish': null,
  'views.update': null,
};

/** Event → the scope that delivers it. */
const EVENT_SCOPES: Record<string, string | null> = {
  app_home_opened: null,
  app_mention: 'app_mentions:read',
  'message.im': 'im:history',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every `client.<family>.<method>(` the adapter calls. */
function methodsCalled(): string[] {
  const found = new Set<string>();
  for (const file of sources('adapters/slack')) {
    for (const m of readFileSync(file, 'utf8').matchAll(
      /client\.(chat|conversations|users|views|usergroups)\s*\.(\w+(?:\.\w+)?)\(/g,
    ))
      found.add(`${m[1]}.${m[2]}`);
  }
  return [...found].sort();
}

describe.each([
  ['slack.yaml', 'socket'],
  ['slack.http.yaml', 'http'],
] as const)('manifest/%s', (file, mode) => {
  const manifest = load(file);

  it('declares the slash command, the message shortcut and App Home the code serves', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: CALLBACK.reportShortcut }),
    ]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });

  it('subscribes to the events the listeners handle, with the scopes that deliver them', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(
      Object.keys(EVENT_SCOPES).sort(),
    );
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      const scope = EVENT_SCOPES[event];
      if (scope) expect(manifest.oauth_config.scopes.bot, event).toContain(scope);
    }
  });

  it('has a scope for every Web API method the adapter calls, and no scope it does not need', () => {
    const methods = methodsCalled();
    expect(methods).toContain('chat.update');
    const needed = new Set<string>();
    for (const method of methods) {
      expect(Object.hasOwn(SCOPES, method), `scope of ${method} unknown: add it to SCOPES`).toBe(true);
      for (const scope of [SCOPES[method] ?? []].flat()) needed.add(scope);
    }
    for (const scope of Object.values(EVENT_SCOPES)) if (scope) needed.add(scope);
    needed.add('commands');
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it(
    mode === 'socket' ? 'uses Socket Mode, no request URLs' : 'sends everything to POST /slack/events',
    () => {
      const urls = [
        manifest.settings.event_subscriptions.request_url,
        manifest.settings.interactivity.request_url,
        ...manifest.features.slash_commands.map((c) => c.url),
      ];
      if (mode === 'socket') {
        expect(manifest.settings.socket_mode_enabled).toBe(true);
        expect(urls.filter(Boolean)).toEqual([]);
      } else {
        expect(manifest.settings.socket_mode_enabled).toBe(false);
        for (const url of urls) expect(new URL(url ?? '').pathname).toBe(EVENTS_PATH);
      }
    },
  );
});
