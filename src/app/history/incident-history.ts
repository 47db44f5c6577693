// Use case: an incident's history for one reader (issue 13 item 1). The read rule is the one every
// read goes through (TriageService.read, core/read-access.ts): a reader without a part gets the
// usual refusal, and nothing of the records is loaded for them. The reporter with no other part
// reads what concerns them (reporter-view.ts).
import type { Locale, TriageConfig } from '../../core/config.js';
import { readsOnlyAsReporter } from '../../core/read-access.js';
import type { Actor, Incident } from '../../core/types.js';
import { localeFor, zoneFor } from '../identity.js';
import type { HistoryQueries } from '../ports.js';
import { buildHistoryView, type HistoryView } from './history-view.js';
import { reporterView } from './reporter-view.js';

export interface HistoryDeps {
  /** Authorises and loads (TriageService.read). */
  read(incidentId: string, reader: Actor): Promise<Incident>;
  queries: HistoryQueries;
  config: TriageConfig;
}

export async function incidentHistory(
  deps: HistoryDeps,
  incidentId: string,
  viewer: Actor,
  locale?: Locale,
): Promise<HistoryView> {
  const incident = await deps.read(incidentId, viewer);
  const records = await deps.queries.incidentRecords(incident.id);
  const { config } = deps;
  const view = buildHistoryView(incident, records, {
    cfg: config,
    locale: locale ?? localeFor(config, viewer.id),
    timeZone: zoneFor(config, viewer.id),
  });
  const teams = records.assignments.map((a) => a.team);
  return readsOnlyAsReporter(incident, viewer, teams) ? reporterView(view, incident.reporterId) : view;
}
