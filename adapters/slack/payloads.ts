// The parts of Slack's interaction payloads we read. Bolt types them as wide unions; listeners
// narrow to these shapes once, here, instead of casting field by field.
import type { ViewStateValue } from '@slack/bolt';
import type { SlackUserRef } from './people.js';

export type StateValues = Record<string, Record<string, ViewStateValue>>;

export interface ActionPayload {
  type: string;
  action_id: string;
  block_id: string;
  action_ts: string;
  value?: string;
  selected_option?: { value: string } | null;
}

export interface BlockActionBody {
  type: 'block_actions';
  user: SlackUserRef;
  trigger_id: string;
  channel?: { id: string };
  container?: {
    type: string;
    channel_id?: string;
    message_ts?: string;
    thread_ts?: string;
    view_id?: string;
  };
  message?: { ts: string; thread_ts?: string };
  state?: { values: StateValues };
  view?: { id: string; type: string; private_metadata?: string };
  actions: ActionPayload[];
}

export interface ViewSubmissionBody {
  type: 'view_submission';
  user: SlackUserRef;
  view: { id: string; callback_id: string; private_metadata?: string; state: { values: StateValues } };
}

export interface OptionsBody {
  type: 'block_suggestion';
  user: SlackUserRef;
  action_id: string;
  block_id: string;
  value: string;
  view?: { private_metadata?: string };
}

export interface MessageShortcutBody {
  type: 'message_action';
  callback_id: string;
  trigger_id: string;
  user: SlackUserRef;
  channel: { id: string };
  message: { ts: string; text?: string; thread_ts?: string };
}

export interface MessageEvent {
  type: 'message' | 'app_mention';
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  channel_type?: string;
}

/** The channel a block action happened in (a message), or null (App Home, modals). */
export const channelOf = (body: BlockActionBody): string | null =>
  body.channel?.id ?? body.container?.channel_id ?? null;
