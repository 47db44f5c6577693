// Who is on a Teams team or channel roster, and which account has an e-mail or UPN (issue 16
// item 1), through the Bot Framework connector in a proactive turn (TeamsInfo: pagedmembers and
// members/{upn}). The bot must be installed in the team; the roster brings names and e-mails,
// so profiles need no further calls.
import { type TeamsChannelAccount, TeamsInfo, type TurnContext } from 'botbuilder';
import type { DirectoryProfile, DirectorySource } from '../../src/app/directory/read.js';
import { cleanText } from '../../src/core/clean-text.js';
import type { TriageConfig } from '../../src/core/config.js';
import { type Conversations, PLATFORM } from './conversations.js';
import { inProactiveTurn, type ProactiveTurns } from './proactive.js';

const PAGE = 500;

export interface TeamsDirectoryDeps {
  adapter: ProactiveTurns;
  appId: string;
  conversations: Conversations;
  /** Rosters in which to look a person up by e-mail (the configured teams and channels). */
  lookIn: () => readonly string[];
}

// Names from the roster are text from outside, cleaned here where they enter (as the activity's are).
const profileOf = (m: TeamsChannelAccount): DirectoryProfile => ({
  name: cleanText(m.name || m.givenName || m.id),
  email: m.email || m.userPrincipalName || null,
});

export function teamsDirectory(deps: TeamsDirectoryDeps): DirectorySource {
  const roster = new Map<string, DirectoryProfile>();

  async function inConversation<T>(
    conversationId: string,
    work: (ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    const reference = await deps.conversations.forConversation(conversationId);
    if (!reference) throw new Error(`teams directory: no service endpoint known yet for ${conversationId}`);
    return inProactiveTurn(deps.adapter, deps.appId, reference, work);
  }

  return {
    platform: PLATFORM,
    members: (groupId) =>
      inConversation(groupId, async (ctx) => {
        const ids: string[] = [];
        let token: string | undefined;
        do {
          const page = await TeamsInfo.getPagedMembers(ctx, PAGE, token);
          for (const m of page.members) {
            roster.set(m.id, profileOf(m));
            ids.push(m.id);
          }
          token = page.continuationToken || undefined;
        } while (token);
        return ids;
      }),
    async profiles(userIds) {
      return new Map(userIds.map((id) => [id, roster.get(id) ?? null]));
    },
    async byEmail(email) {
      for (const conversationId of deps.lookIn()) {
        const found = await inConversation(conversationId, (ctx) =>
          TeamsInfo.getMember(ctx, email).then(
            (m) => m.id,
            (err: { statusCode?: number }) => {
              if (err.statusCode === 404) return null;
              throw err;
            },
          ),
        );
        if (found) return found;
      }
      return null;
    },
  };
}

/** Where to look a person up by e-mail: every Teams roster and channel the configuration names. */
export function rostersOf(cfg: TriageConfig): string[] {
  const d = cfg.directory;
  const groups = [d?.desk, d?.managers, d?.onsite, ...cfg.teams.map((t) => t.membersFrom)];
  const channels = [cfg.channels.desk, cfg.channels.managers, ...cfg.teams.map((t) => t.channels)];
  const ids = [
    ...groups.flatMap((g) => g?.[PLATFORM] ?? []),
    ...channels.flatMap((c) => (c[PLATFORM] ? [c[PLATFORM]] : [])),
  ];
  return [...new Set(ids)];
}
