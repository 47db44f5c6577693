// Who is in a Slack user group or channel, and who has an e-mail (issue 16 item 1), over the Web
// API with the bot's token (scopes usergroups:read, users:read, users:read.email, and
// channels:read / groups:read for channel members). Profiles are cached for the refresh interval;
// when many are unknown, one paged users.list reads them all (users.info one by one would take
// minutes at Slack's rate limits in a large workspace).
import type { DirectoryProfile, DirectorySource } from '../../src/app/directory/read.js';
import { cleanText } from '../../src/core/clean-text.js';
import type { WebClient } from './deps.js';
import { SLACK } from './people.js';

type Member = NonNullable<Awaited<ReturnType<WebClient['users']['info']>>['user']>;

const PAGE = 1000;
/** From this many unknown people on, read the whole workspace list instead. */
const LIST_FROM = 50;

const profileOf = (u: Member | undefined): DirectoryProfile | null =>
  u && !u.deleted && !u.is_bot && !u.is_app_user && u.id !== 'USLACKBOT'
    ? {
        name: cleanText(u.profile?.display_name || u.real_name || u.name || (u.id ?? '')),
        email: u.profile?.email ?? null,
      }
    : null;

export function slackDirectory(
  client: WebClient,
  cacheMs: number,
  now: () => number = Date.now,
): DirectorySource {
  const cache = new Map<string, { at: number; profile: DirectoryProfile | null }>();
  const fresh = (id: string) => {
    const c = cache.get(id);
    return c && now() - c.at < cacheMs ? c : null;
  };
  const keep = (id: string, profile: DirectoryProfile | null) => cache.set(id, { at: now(), profile });

  async function readAll(): Promise<void> {
    let cursor: string | undefined;
    do {
      const r = await client.users.list({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const u of r.members ?? []) if (u.id) keep(u.id, profileOf(u as Member));
      cursor = r.response_metadata?.next_cursor || undefined;
    } while (cursor);
  }

  return {
    platform: SLACK,
    async members(groupId) {
      if (groupId.startsWith('S'))
        return (await client.usergroups.users.list({ usergroup: groupId })).users ?? [];
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const r = await client.conversations.members({
          channel: groupId,
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        });
        ids.push(...(r.members ?? []));
        cursor = r.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return ids;
    },
    async profiles(userIds) {
      const unknown = userIds.filter((id) => !fresh(id));
      if (unknown.length >= LIST_FROM) await readAll();
      for (const id of unknown.filter((x) => !fresh(x)))
        keep(id, profileOf((await client.users.info({ user: id })).user));
      return new Map(userIds.map((id) => [id, fresh(id)?.profile ?? null]));
    },
    async byEmail(email) {
      try {
        return (await client.users.lookupByEmail({ email })).user?.id ?? null;
      } catch (err) {
        if ((err as { data?: { error?: string } }).data?.error === 'users_not_found') return null;
        throw err;
      }
    },
  };
}
