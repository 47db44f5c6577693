// Slack interaction payloads as Slack sends them, for the tests that drive a bot process over
// signed HTTP. One shape of the report modal (IM1) for all of them.
import { randomUUID } from 'node:crypto';

/** A trigger id shaped as Slack's (unique per interaction). */
export const slackTrigger = () => `${Date.now()}.${randomUUID().slice(0, 8)}`;

/** A submitted report modal (IM1) by `userId`; `values` adds fields (e.g. severity). */
export function reportSubmission(
  userId: string,
  title: string,
  description = 'The VPN drops every ten minutes.',
  values: Record<string, unknown> = {},
) {
  const input = (value: string) => ({ value: { type: 'plain_text_input', value } });
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'test' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: slackTrigger(),
    view: {
      id: `V${randomUUID().slice(0, 8).toUpperCase()}`,
      team_id: 'T1',
      type: 'modal',
      callback_id: 'itss_report',
      private_metadata: JSON.stringify({ channel: null }),
      hash: randomUUID(),
      state: { values: { title: input(title), description: input(description), ...values } },
    },
    response_urls: [],
  };
}
