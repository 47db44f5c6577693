// Teams' environment, read without loading botbuilder: whether Teams is on, and how it
// authenticates.
import { EnvError } from '../../src/app/env.js';

export const OFF_MESSAGE =
  'Teams is off: set MicrosoftAppId, MicrosoftAppPassword (MicrosoftAppType, MicrosoftAppTenantId) to turn it on, or TEAMS_LOCAL=1 for an unauthenticated local bot; see docs/teams.md';

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
type AppType = (typeof APP_TYPES)[number];

export interface TeamsSettings {
  appId: string;
  appPassword: string;
  appType: AppType;
  tenantId: string;
  /** No app id: requests are not authenticated (local testing only). */
  local: boolean;
}

/** Null when Teams stays off (no MicrosoftAppId nor MicrosoftAppPassword, no TEAMS_LOCAL); throws
 *  EnvError on values that cannot work together, and on one of the credential pair without the other. */
export function readTeamsSettings(env: NodeJS.ProcessEnv): TeamsSettings | null {
  const value = (name: string) => env[name]?.trim() ?? '';
  const appId = value('MicrosoftAppId');
  const local = ['1', 'true', 'yes'].includes(value('TEAMS_LOCAL').toLowerCase());
  // A client secret without the app it belongs to is a half configuration, not "Teams off".
  if (!appId && !local && value('MicrosoftAppPassword'))
    throw new EnvError([
      'MicrosoftAppId: required with MicrosoftAppPassword (set both for Teams, or neither; TEAMS_LOCAL=1 for a local bot)',
    ]);
  if (!appId && !local) return null;
  const appType = (value('MicrosoftAppType') || 'MultiTenant') as AppType;
  const appPassword = value('MicrosoftAppPassword');
  const tenantId = value('MicrosoftAppTenantId');
  const problems: string[] = [];
  if (!APP_TYPES.includes(appType))
    problems.push(`MicrosoftAppType: expected one of ${APP_TYPES.join(', ')}, got "${appType}"`);
  if (appId) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId))
      problems.push("MicrosoftAppId: expected the bot's Microsoft App ID (a GUID)");
    if (appType !== 'UserAssignedMSI' && !appPassword)
      problems.push(
        'MicrosoftAppPassword: required with MicrosoftAppId (the client secret of the app registration)',
      );
    if (appType !== 'MultiTenant' && !tenantId)
      problems.push(`MicrosoftAppTenantId: required with MicrosoftAppType=${appType}`);
  }
  if (problems.length > 0) throw new EnvError(problems);
  return { appId, appPassword, appType, tenantId, local: !appId };
}
