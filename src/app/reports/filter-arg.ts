// The filters a person gives a period report (issue 13 item 3), read the same way in chat, on the
// web page and on the command line: priority (1–4, or P1–P4), team, category, nature and platform,
// each by its configured id. A value that is not configured is refused with the accepted ones.
import type { TriageConfig } from '../../core/config.js';
import { DomainError } from '../../core/errors.js';
import type { Priority } from '../../core/types.js';
import type { ReportFilter } from './report-model.js';

export const FILTER_NAMES = ['priority', 'team', 'category', 'nature', 'platform'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** The values each filter accepts, as stored. */
export function filterChoices(cfg: TriageConfig): Record<FilterName, string[]> {
  return {
    priority: ['1', '2', '3', '4'],
    team: cfg.teams.map((x) => x.id),
    category: cfg.categories.map((x) => x.id),
    nature: cfg.natures.map((x) => x.id),
    platform: ['slack', 'teams'],
  };
}

const isFilterName = (name: string): name is FilterName => (FILTER_NAMES as readonly string[]).includes(name);

/** Given values by filter name (absent or empty: no filter); unknown names are refused. */
export function parseFilter(
  given: Readonly<Record<string, string | undefined>>,
  cfg: TriageConfig,
): ReportFilter {
  const choices = filterChoices(cfg);
  const filter: ReportFilter = {};
  for (const [name, raw] of Object.entries(given)) {
    const value = raw?.trim() ?? '';
    if (value === '') continue;
    if (!isFilterName(name))
      throw new DomainError('invalid_input', { field: 'filter', value: name, reason: 'filter_word' });
    const stored = name === 'priority' ? value.replace(/^p/i, '') : value.toLowerCase();
    if (!choices[name].includes(stored))
      throw new DomainError('invalid_input', {
        field: name,
        value,
        reason: 'report_filter',
        accepted: choices[name].join(', '),
      });
    if (name === 'priority') filter.priority = Number(stored) as Priority;
    else filter[name] = stored;
  }
  return filter;
}

/** A word that gives a filter in chat: `name=value`, or `P1`–`P4` for a priority. */
export const isFilterWord = (word: string): boolean => /^[a-z]+=\S*$/i.test(word) || /^p[1-4]$/i.test(word);

/** Chat words (`team=network`, `P2` …) as the values parseFilter reads. */
export function filterWords(words: readonly string[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const word of words) {
    if (!isFilterWord(word))
      throw new DomainError('invalid_input', { field: 'filter', value: word, reason: 'filter_word' });
    const [name = '', value = ''] = /^p[1-4]$/i.test(word) ? ['priority', word] : word.split('=', 2);
    given[name.toLowerCase()] = value;
  }
  return given;
}

/** The filters of a web request's query string (`?team=network&priority=2`), unparsed. */
export function filterQuery(query: Readonly<Record<string, unknown>>): Partial<Record<FilterName, string>> {
  const given: Partial<Record<FilterName, string>> = {};
  for (const name of FILTER_NAMES) {
    const v = query[name];
    if (typeof v === 'string' && v !== '') given[name] = v.slice(0, 60);
  }
  return given;
}
