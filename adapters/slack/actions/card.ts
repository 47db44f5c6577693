// Clicks on incident cards: buttons that run a command at once, buttons that open the
// command's form, the IM2.1/IM2.3 selects, "Show full text", and options for long selects.
// Every click carries the incident id and the version shown, so an old card cannot act twice.

import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import { codesOnly } from '../../../src/app/log.js';
import { parseCommand } from '../../../src/app/views/forms.js';
import type { ViewInput } from '../../../src/app/views/incident-view.js';
import { inputsFor } from '../../../src/app/views/inputs.js';
import type { CommandType } from '../../../src/core/commands.js';
import { isDomainError } from '../../../src/core/errors.js';
import { checkAllowed } from '../../../src/core/guards.js';
import { needsVerification } from '../../../src/core/routing.js';
import type { Incident } from '../../../src/core/types.js';
import { t } from '../../../src/i18n/index.js';
import { commandModal, fullTextModal, stateValue } from '../blocks.js';
import { cardInputValues } from '../card-inputs.js';
import type { SlackContext } from '../context.js';
import { filterOptions } from '../elements.js';
import {
  ACTION,
  actionKey,
  decodeButton,
  decodeMeta,
  INPUT_ACTION,
  parseActionId,
  parseSelectBlockId,
} from '../ids.js';
import { actedAt } from '../inbox.js';
import { afterAck } from '../listen.js';
import { type ActionPayload, type BlockActionBody, channelOf, type OptionsBody } from '../payloads.js';
import { localeOf, slackActor } from '../people.js';
import { answerError, runCommand } from '../run.js';

export function registerCardActions(app: App, ctx: SlackContext): void {
  app.action(/^itss:(do|open):/, async ({ ack, body, action, context }) => {
    await ack();
    await afterAck(ctx, 'card button', () =>
      onButton(ctx, body as unknown as BlockActionBody, action as unknown as ActionPayload, actedAt(context)),
    );
  });
  app.action(new RegExp(`^${ACTION.selectPrefix}`), async ({ ack, body, action, context }) => {
    await ack();
    await afterAck(ctx, 'card select', () =>
      onSelect(ctx, body as unknown as BlockActionBody, action as unknown as ActionPayload, actedAt(context)),
    );
  });
  app.action(ACTION.showFull, async ({ ack, body, action }) => {
    await ack();
    const b = body as unknown as BlockActionBody;
    await afterAck(ctx, 'show full text', async () => {
      const id = (action as unknown as ActionPayload).value ?? '';
      const actor = slackActor(ctx.config, b.user);
      const who = { actor, userId: b.user.id, channel: channelOf(b), thread: b.message?.thread_ts };
      try {
        const view = await ctx.service.view(id, actor, localeOf(ctx.config, actor));
        await ctx.client.views.open({ trigger_id: b.trigger_id, view: fullTextModal(view) });
      } catch (err) {
        await answerError(ctx, err, who, id);
      }
    });
  });
  // Selects with more than 100 options load them here, on the card and in forms alike.
  app.options(new RegExp(`^(${ACTION.selectPrefix}|${INPUT_ACTION}$)`), async ({ ack, body }) => {
    const b = body as unknown as OptionsBody;
    try {
      const input = await externalInput(ctx, b);
      await ack({ options: input && input.kind === 'select' ? filterOptions(input.options, b.value) : [] });
    } catch (err) {
      ctx.log.warn({ err: codesOnly(err) }, 'slack: options failed');
      await ack({ options: [] });
    }
  });
}

async function onButton(
  ctx: SlackContext,
  body: BlockActionBody,
  action: ActionPayload,
  at: Date | undefined,
): Promise<void> {
  const parsed = parseActionId(action.action_id);
  const value = decodeButton(action.value);
  if (!parsed || !value) return;
  const actor = slackActor(ctx.config, body.user);
  const who = { actor, userId: body.user.id, channel: channelOf(body), thread: body.message?.thread_ts };
  if (parsed.mode === 'open') {
    await openForm(ctx, body.trigger_id, value, parsed.command, who);
    return;
  }
  try {
    // One-click choices carry what was typed on the card beside them (the rating's comment).
    const typed = cardInputValues(body.state, parsed.command);
    const command = parseCommand(parsed.command, { ...typed, ...value.presets }, randomUUID);
    await runCommand(ctx, value.incidentId, command, who, {
      expectedVersion: value.version,
      idempotencyKey: actionKey(action, body.user.id),
      actedAt: at,
    });
  } catch (err) {
    await answerError(ctx, err, who, value.incidentId);
  }
}

/** Opens the command's form, unless the person may not give it or the card is out of date. */
async function openForm(
  ctx: SlackContext,
  triggerId: string,
  value: NonNullable<ReturnType<typeof decodeButton>>,
  command: CommandType,
  who: Parameters<typeof answerError>[2],
): Promise<void> {
  let incident: Incident;
  try {
    // Read first: a stranger learns neither the content nor who changed it last.
    incident = await ctx.service.read(value.incidentId, who.actor, command);
    await ctx.service.checkCardCurrent(incident, command, value.version, who.actor);
    checkAllowed(incident, who.actor, command);
  } catch (err) {
    await answerError(ctx, err, who, value.incidentId);
    return;
  }
  const locale = localeOf(ctx.config, who.actor);
  const view = ctx.service.viewOf(incident, who.actor, locale);
  const action = view.actions.find((a) => a.command === command);
  if (!action) return;
  const presets = { ...value.presets };
  if (command === 'apply_match' && presets.matchRef) {
    // Prefill the solution with the chosen entry's (reference, link, steps); still editable.
    const solution = await ctx.knowledge.solutionFor(presets.matchRef);
    if (solution) presets.solution = solution;
  }
  const meta = { incidentId: incident.id, version: incident.version, command, channel: who.channel };
  await ctx.client.views.open({ trigger_id: triggerId, view: commandModal(view, action, meta, presets) });
}

/**
 * IM2.1 nature/category and IM2.3 impact/urgency on the card: once every select of the group
 * has a value (chosen now, chosen before on this card, or already on the incident), it runs.
 */
async function onSelect(
  ctx: SlackContext,
  body: BlockActionBody,
  action: ActionPayload,
  at: Date | undefined,
): Promise<void> {
  const block = parseSelectBlockId(action.block_id);
  if (!block) return;
  const actor = slackActor(ctx.config, body.user);
  const who = { actor, userId: body.user.id, channel: channelOf(body), thread: body.message?.thread_ts };
  // Slack sends the state of every select in the block (null when none is chosen).
  const chosen: Record<string, string | null> = {};
  for (const [actionId, state] of Object.entries(body.state?.values[action.block_id] ?? {})) {
    const v = stateValue(state);
    if (actionId.startsWith(ACTION.selectPrefix))
      chosen[actionId.slice(ACTION.selectPrefix.length)] = typeof v === 'string' ? v : null;
  }
  const name = action.action_id.slice(ACTION.selectPrefix.length);
  if (action.selected_option?.value) chosen[name] = action.selected_option.value;
  // The usual click has the whole group chosen: run it without reading the incident first.
  const complete = Object.values(chosen).every((v) => v !== null);
  const values = complete
    ? (chosen as Record<string, string>)
    : await completeFromIncident(ctx, block, chosen, who);
  if (!values) return;
  if (block.command === 'classify' && needsVerification(ctx.config, values.nature)) {
    // IM2.2: the desk verifies a complaint or suggestion first; the form asks for the note.
    const button = { incidentId: block.incidentId, version: block.version, presets: values };
    await openForm(ctx, body.trigger_id, button, 'classify', who);
    return;
  }
  try {
    const command = parseCommand(block.command, values, randomUUID);
    await runCommand(ctx, block.incidentId, command, who, {
      expectedVersion: block.version,
      idempotencyKey: actionKey(action, body.user.id),
      actedAt: at,
    });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    await answerError(ctx, err, who, block.incidentId);
  }
}

/** Fills what the card left unchosen from the incident; asks for the rest (null: asked). */
async function completeFromIncident(
  ctx: SlackContext,
  block: NonNullable<ReturnType<typeof parseSelectBlockId>>,
  chosen: Record<string, string | null>,
  who: Parameters<typeof answerError>[2],
): Promise<Record<string, string> | null> {
  let incident: Incident;
  try {
    incident = await ctx.service.read(block.incidentId, who.actor, block.command);
  } catch (err) {
    await answerError(ctx, err, who, block.incidentId);
    return null;
  }
  const locale = localeOf(ctx.config, who.actor);
  const values: Record<string, string> = {};
  for (const input of inputsFor(block.command, incident, ctx.config, locale)) {
    if (!input.required) continue; // given in the form when needed (IM2.2's note)
    const v = chosen[input.name] ?? (input.kind === 'select' ? input.initial : null);
    if (v) {
      values[input.name] = v;
      continue;
    }
    try {
      checkAllowed(incident, who.actor, block.command); // may they act at all?
    } catch (err) {
      await answerError(ctx, err, who, incident.id);
      return null;
    }
    const text = t(locale, 'slack.select.more', { field: input.label });
    await ctx.tell(who.userId, who.channel, text, who.thread);
    return null;
  }
  return values;
}

/** The select an options request is for: on a card (block id) or in a form (metadata). */
async function externalInput(ctx: SlackContext, body: OptionsBody): Promise<ViewInput | undefined> {
  const actor = slackActor(ctx.config, body.user);
  const locale = localeOf(ctx.config, actor);
  const onCard = parseSelectBlockId(body.block_id);
  const meta = onCard ? null : decodeMeta(body.view?.private_metadata);
  const target = onCard ?? meta;
  if (!target) return undefined;
  // Refused (logged by the read) or gone: no options, and the select's current value unsaid.
  const incident = await ctx.service.read(target.incidentId, actor).catch((err: unknown) => {
    if (isDomainError(err)) return null;
    throw err;
  });
  if (!incident) return undefined;
  const name = onCard ? body.action_id.slice(ACTION.selectPrefix.length) : body.block_id;
  return inputsFor(target.command, incident, ctx.config, locale).find((i) => i.name === name);
}
