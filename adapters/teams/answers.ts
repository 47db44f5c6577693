// How the bot answers the person acting (used by bot.ts and knowledge.ts): who they are and in
// which language, the incident their click names, the card as they see it, what went wrong in
// their words, and the shapes of dialog (task module) answers.

import type { TaskModuleResponse, TurnContext } from 'botbuilder';
import { PURPOSE } from '../../src/app/card-places.js';
import { codesOnly } from '../../src/app/log.js';
import type { CommandResult, TriageService } from '../../src/app/triage-service.js';
import { databaseUnavailableCode, outageKind, platformUnreachable } from '../../src/app/unavailable.js';
import type { Locale, TriageConfig } from '../../src/core/config.js';
import { DomainError, isDomainError } from '../../src/core/errors.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { errorMessage, t } from '../../src/i18n/index.js';
import { attachment, type Json } from './card-parts.js';
import type { IncidentCardOptions } from './cards.js';
import type { FormProblem } from './form-cards.js';
import type { TeamsLog } from './notifier.js';
import { localeOf, teamsActor } from './people.js';
import type { CardRenderer } from './render.js';

export interface Who {
  actor: Actor;
  locale: Locale;
  userId: string;
}

export function whoOf(config: TriageConfig, ctx: TurnContext): Who {
  const from = ctx.activity.from;
  const actor = teamsActor(config, {
    id: from.id,
    name: from.name,
    ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
  });
  return { actor, locale: localeOf(config, actor, ctx.activity.locale), userId: from.id };
}

/** A domain error in the person's words; anything else is logged and answered generically. */
export function errorText(config: TriageConfig, log: TeamsLog, locale: Locale, err: unknown): string {
  if (isDomainError(err)) return errorMessage(locale, err, { timeZone: config.calendar.timeZone });
  const outage = databaseUnavailableCode(err);
  if (outage) {
    // Nothing was saved (the transaction died with the connection), or maybe saved when it died
    // during COMMIT (src/app/unavailable.ts); code only, no query text.
    log.warn({ code: outage }, 'teams: database unavailable, request refused');
    return t(locale, `teams.error.${outageKind(outage)}`);
  }
  const platform = platformUnreachable(err);
  if (platform) {
    log.warn(platform, 'teams: could not reach the Bot Framework service, request failed');
    return t(locale, 'teams.error.platform_unreachable');
  }
  log.error({ err: codesOnly(err) }, 'teams: request failed');
  return t(locale, 'teams.error.generic');
}

/** The incident a click names, if the person has a part in it (TriageService.read decides). */
export async function incidentOf(
  service: Pick<TriageService, 'read'>,
  incidentId: string | undefined,
  who: Who,
  toDo?: Parameters<TriageService['read']>[2],
): Promise<Incident> {
  if (!incidentId) throw new DomainError('not_found', { what: 'incident', value: '' });
  return service.read(incidentId, who.actor, toDo);
}

export type Banner = NonNullable<IncidentCardOptions['banner']>;
export const attention = (text: string): Banner => ({ text, tone: 'attention' });

/** The card at `purpose` (default: their own) as this person sees it; `answering`: the command
 *  whose result `incident` is (its view already built, the knowledge version it read);
 *  `problem`: a form of theirs sent back, as they typed it, with why under its input. */
export async function personalCard(
  renderer: CardRenderer,
  incident: Incident,
  purpose: string | undefined,
  who: Who,
  banner?: Banner,
  answering?: Pick<CommandResult, 'view' | 'knowledgeVersion'>,
  problem?: FormProblem,
): Promise<Json> {
  const place =
    purpose ?? (incident.reporterId === who.actor.id ? PURPOSE.reporter : PURPOSE.dm(who.actor.id));
  const as = {
    actor: who.actor,
    locale: who.locale,
    ...(answering ? { view: answering.view } : {}),
    ...(problem ? { problem } : {}),
  };
  const rendered = await renderer.render(place, incident, as, banner ?? null, answering?.knowledgeVersion);
  if (!rendered) throw new Error(`teams: no card for ${place}`);
  return rendered.card;
}

// ---- dialogs (task modules) --------------------------------------------------------------------

/** A dialog's answer that closes it with a line of text. */
export const dialogMessage = (value: string): TaskModuleResponse => ({ task: { type: 'message', value } });

export function continueDialog(title: string, content: Json): TaskModuleResponse {
  return {
    task: {
      type: 'continue',
      value: { title, card: attachment(content), width: 'medium', height: 'medium' },
    },
  };
}

/** A form sent back, with why on top. */
export function withBanner(form: Json, text: string): Json {
  const banner = {
    type: 'Container',
    style: 'attention',
    items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, weight: 'Bolder' }] }],
  };
  return { ...form, body: [banner, ...((form.body as Json[]) ?? [])] };
}
