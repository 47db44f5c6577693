// The card for a place (chat_refs purpose), as the people there see it or as one person sees it:
// the desk card with its early match hint (before IM2.7), IM2.7 candidates and the work-log
// hint, the team card, the reporter's card with "Fixed" / "Still broken", DMs. Used for posts,
// in-place updates and invoke answers alike.

import { PURPOSE, purposeArg, purposeKind, viewerFor } from '../../src/app/card-places.js';
import type { KnowledgeService, MatchResult } from '../../src/app/knowledge-service.js';
import { codesOnly } from '../../src/app/log.js';
import type { TriageService } from '../../src/app/triage-service.js';
import type { IncidentView } from '../../src/app/views/incident-view.js';
import { EARLY_MATCH_STATUSES, earlyMatchHint } from '../../src/app/views/match-view.js';
import { incidentPagePath, type WebLinks } from '../../src/app/web-server/chat-link.js';
import type { Locale, TriageConfig } from '../../src/core/config.js';
import { personById } from '../../src/core/directory-index.js';
import { isDeskStaff } from '../../src/core/read-access.js';
import type { Actor, Incident } from '../../src/core/types.js';
import { t } from '../../src/i18n/index.js';
import type { Json } from './card-parts.js';
import { type IncidentCardOptions, incidentCard } from './cards.js';
import type { Conversations } from './conversations.js';
import type { FormProblem } from './form-cards.js';
import { clientLanguage, refreshUserIds, teamsIdOf } from './people.js';

export interface RenderLog {
  warn(obj: object | string, msg?: string): void;
}

export interface RenderDeps {
  service: TriageService;
  config: TriageConfig;
  knowledge: KnowledgeService;
  log: RenderLog;
  /** For reporters the configuration does not know: the language their Teams client uses. */
  conversations?: Conversations;
  /** The web pages: each card links to its incident's page (null or absent when off). */
  web?: WebLinks | null;
}

/** Channel cards are seen by many: they list who should get their own view on sight. */
const CHANNEL_CARDS = new Set([PURPOSE.desk, PURPOSE.managers, 'team_card']);

export interface Rendered {
  card: Json;
  view: IncidentView;
}

export class CardRenderer {
  constructor(private readonly deps: RenderDeps) {}

  /**
   * The card at `purpose`. With `as`, rendered for that person (their actions, their language):
   * the answer to their click or to Teams' refresh on view (`as.view`: their view, if already
   * built). `knowledgeVersion`: read with `incident` (by its command, CommandResult's, or with a
   * delivery batch, ChatNotifier.refresh), for the card's matches. Null: this place shows no card.
   */
  async render(
    purpose: string,
    incident: Incident,
    as?: { actor: Actor; locale: Locale; view?: IncidentView; problem?: FormProblem },
    banner?: IncidentCardOptions['banner'],
    knowledgeVersion?: number,
  ): Promise<Rendered | null> {
    const cfg = this.deps.config;
    const place = viewerFor('teams', purpose, incident, cfg);
    if (!place && !as) return null;
    const viewer = as?.actor ?? place?.viewer;
    const kind = purposeKind(purpose);
    const locale =
      as?.locale ??
      (kind === PURPOSE.reporter ? await this.reporterLocale(incident) : null) ??
      place?.locale ??
      cfg.locale;
    if (!viewer) return null;
    // The use case already built the actor's view with the command's result: reuse it (unless
    // the escalations it names had to be read from the trail: cardView).
    const built = as?.view;
    const reusable =
      built && built.locale === locale && built.version === incident.version && built.id === incident.id
        ? built
        : undefined;
    const view = await this.deps.service.cardView(incident, viewer, locale, reusable);
    const opts: IncidentCardOptions = { purpose, timeZone: cfg.calendar.timeZone, banner: banner ?? null };
    if (as?.problem) opts.problem = as.problem;
    if (kind === PURPOSE.desk) opts.hint = t(locale, 'teams.hint.desk');
    // Candidates may be other people's incidents: only for the desk, whatever card was asked for.
    if (kind === PURPOSE.desk && isDeskStaff(viewer) && EARLY_MATCH_STATUSES.includes(incident.status))
      opts.earlyMatches = earlyMatchHint(await this.matches(incident, knowledgeVersion), locale);
    if (kind === 'team_card') opts.hint = t(locale, 'teams.hint.team');
    if (kind === PURPOSE.reporter)
      opts.labels = {
        confirm: t(locale, 'teams.reporter.fixed'),
        reopen: t(locale, 'teams.reporter.still_broken'),
      };
    if (incident.status === 'matching' && view.actions.some((a) => a.command === 'no_match'))
      opts.matches = await this.matches(incident, knowledgeVersion);
    if (this.deps.web) opts.pageUrl = this.deps.web.pageUrl(incidentPagePath(incident.id));
    if (CHANNEL_CARDS.has(kind))
      opts.refreshUserIds = refreshUserIds(cfg, incident, kind === 'team_card' ? purposeArg(purpose) : null);
    return { card: incidentCard(view, opts), view };
  }

  /** A configured reporter's language, else what their Teams client said, else the default. */
  async reporterLocale(incident: Incident): Promise<Locale> {
    const cfg = this.deps.config;
    const configured = personById(cfg, incident.reporterId);
    if (configured) return configured.locale ?? cfg.locale;
    const user = teamsIdOf(cfg, incident.reporterId);
    const ref = user && this.deps.conversations ? await this.deps.conversations.personal(user) : null;
    return clientLanguage(ref?.locale) ?? cfg.locale;
  }

  /** What the desk is shown; a failed search leaves the card usable ("no good match", none fits). */
  private async matches(incident: Incident, knowledgeVersion?: number): Promise<MatchResult> {
    try {
      return await this.deps.knowledge.cardMatches(incident, undefined, knowledgeVersion);
    } catch (err) {
      this.deps.log.warn(
        { err: codesOnly(err), incident: incident.number },
        'teams: matching failed; card shows none',
      );
      return { candidates: [], noGoodMatch: true };
    }
  }
}
