// Which Slack requests a web process may hand off to a worker (src/app/inbox.ts, "hand-off"):
// those whose answer is all sent later through the Web API. Kept in the web process: whatever
// answers in the HTTP response (a form's field errors, a slash command's reply) and whatever
// opens or moves a modal — views.open needs the trigger_id, which expires 3 s after the click.
// Anything not known here stays in the web process too.
import type { TriageConfig } from '../../src/core/config.js';
import { needsVerification } from '../../src/core/routing.js';
import { stateValue } from './blocks.js';
import { ACTION, parseActionId, parseSelectBlockId } from './ids.js';
import type { BlockActionBody } from './payloads.js';

type Body = Record<string, unknown>;

/** Clicks that never open a modal: they run a use case and answer with a message, if at all. */
const ANSWERED_LATER: readonly string[] = [ACTION.kbNotHelpful, ACTION.kbSearch, ACTION.homeRefresh];

export function workerMayRun(body: Body, config: Pick<TriageConfig, 'natures'>): boolean {
  // Events are acknowledged by Bolt itself, with nothing in the answer; they carry no trigger_id.
  if (body.type === 'event_callback') return true;
  if (body.type !== 'block_actions') return false;
  const b = body as unknown as BlockActionBody;
  if (!Array.isArray(b.actions) || b.actions.length !== 1 || !b.actions[0]) return false;
  const action = b.actions[0];
  const id = typeof action.action_id === 'string' ? action.action_id : '';
  if (ANSWERED_LATER.includes(id)) return true;
  // `itss:do:…` runs the command; `itss:open:…` opens its form (card.ts onButton).
  if (id.startsWith(ACTION.doPrefix)) return parseActionId(id)?.mode === 'do';
  if (id.startsWith(ACTION.selectPrefix)) return selectRunsAtOnce(b, action.block_id, config);
  return false;
}

/**
 * A select on a card runs its command, except IM2.2: a nature the desk must verify opens the
 * classify form (card.ts onSelect). That is known from the click only when the nature is in it;
 * without it the incident's own nature decides, so the web process keeps the click.
 */
function selectRunsAtOnce(
  body: BlockActionBody,
  blockId: string,
  config: Pick<TriageConfig, 'natures'>,
): boolean {
  const block = parseSelectBlockId(typeof blockId === 'string' ? blockId : '');
  if (!block) return false;
  if (block.command !== 'classify') return true;
  const natureId = `${ACTION.selectPrefix}nature`;
  const action = body.actions[0];
  const inState = body.state?.values[blockId]?.[natureId];
  const chosen =
    (action?.action_id === natureId ? action.selected_option?.value : undefined) ??
    (inState ? stateValue(inState) : null);
  return typeof chosen === 'string' && chosen !== '' && !needsVerification(config, chosen);
}
