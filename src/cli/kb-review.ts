// `npm run kb -- …`: the review side of "save as knowledge". Drafts saved from resolved
// incidents wait here until a desk agent or incident manager publishes them (then they are
// IM2.7 candidates) or retires them. The reviewer is a configured person (`--as`), so the same
// role rule applies as in chat, and the decision lands on the origin incident's audit trail.
import { parseArgs } from 'node:util';
import { actorById } from '../app/identity.js';
import type { KnowledgeService } from '../app/knowledge-service.js';
import type { KnowledgeEntry, KnowledgeStatus } from '../app/ports.js';
import type { Locale, TriageConfig } from '../core/config.js';
import { isDomainError } from '../core/errors.js';
import { errorMessage, t } from '../i18n/index.js';
import { LANG_OPTION } from './lang.js';

/** The usage in the run's language (src/cli/lang.ts). */
export const kbUsage = (locale: Locale): string => t(locale, 'cli.kb.usage');

export interface KbCliDeps {
  knowledge: KnowledgeService;
  config: TriageConfig;
  /** Every line's language: cliLocale (src/cli/lang.ts); default the configuration's. */
  locale?: Locale;
  print(line: string): void;
}

export const KB_OPTIONS = {
  status: { type: 'string' },
  limit: { type: 'string' },
  as: { type: 'string' },
  ...LANG_OPTION,
} as const;

const STATUSES: readonly KnowledgeStatus[] = ['draft', 'published', 'retired'];

/** Runs one command; the exit code (0 done, 1 refused, 2 usage). */
export async function kbCommand(argv: readonly string[], deps: KbCliDeps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    options: KB_OPTIONS,
  });
  const [command, ref] = positionals;
  const l = deps.locale ?? deps.config.locale;
  const usage = (problem: string) => {
    deps.print(`${problem}\n${kbUsage(l)}`);
    return 2;
  };
  try {
    switch (command) {
      case 'drafts':
        return await list(deps, 'draft', 50);
      case 'list': {
        const status = values.status === undefined ? undefined : String(values.status);
        if (status !== undefined && !STATUSES.includes(status as KnowledgeStatus))
          return usage(t(l, 'cli.kb.bad_status', { list: STATUSES.join(', '), value: status }));
        const limit = Number(values.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          return usage(t(l, 'cli.kb.bad_limit', { value: String(values.limit) }));
        return await list(deps, status as KnowledgeStatus | undefined, limit);
      }
      case 'show':
        return ref ? await show(deps, ref) : usage(t(l, 'cli.kb.which_entry', { command: 'show' }));
      case 'publish':
      case 'retire': {
        if (!ref) return usage(t(l, 'cli.kb.which_entry', { command }));
        if (typeof values.as !== 'string' || values.as === '')
          return usage(t(l, 'cli.kb.as_required', { command }));
        return await review(deps, ref, command === 'publish' ? 'published' : 'retired', values.as);
      }
      default:
        return usage(command ? t(l, 'cli.kb.unknown_command', { command }) : t(l, 'cli.kb.no_command'));
    }
  } catch (err) {
    if (!isDomainError(err)) throw err;
    deps.print(errorMessage(l, err, { timeZone: deps.config.calendar.timeZone }));
    return 1;
  }
}

async function list(deps: KbCliDeps, status: KnowledgeStatus | undefined, limit: number): Promise<number> {
  const entries = await deps.knowledge.listEntries(status, limit);
  const l = localeOf(deps);
  if (entries.length === 0)
    deps.print(
      status ? t(l, 'cli.kb.none_with_status', { status: statusWord(l, status) }) : t(l, 'cli.kb.none'),
    );
  for (const e of entries) deps.print(await line(deps, e));
  return 0;
}

async function line(deps: KbCliDeps, e: KnowledgeEntry): Promise<string> {
  const from = await originNumber(deps, e);
  const origin = from ? `  ${t(localeOf(deps), 'cli.kb.from', { number: from })}` : '';
  return `${e.ref}  ${e.status.padEnd(9)}  ${e.kind.padEnd(11)}  ${e.updatedAt.toISOString().slice(0, 16)}  ${oneLine(e.title)}${origin}`;
}

async function show(deps: KbCliDeps, ref: string): Promise<number> {
  const e = await deps.knowledge.knowledge.getEntry(ref);
  const l = localeOf(deps);
  if (!e) {
    deps.print(t(l, 'cli.kb.no_such_entry', { ref }));
    return 1;
  }
  const from = await originNumber(deps, e);
  for (const [label, value] of [
    ['ref', e.ref],
    ['status', statusWord(l, e.status)],
    ['kind', e.kind],
    ['category', e.category ?? '-'],
    ['tags', e.tags.join(', ') || '-'],
    ['source', e.sourceUrl ?? '-'],
    ['from', from ?? '-'],
    ['created_by', e.createdBy ?? '-'],
    ['helped', `${e.helped} / ${e.notHelped}`],
    ['title', e.title],
    ['symptoms', e.symptoms || '-'],
    ['solution', e.solution],
  ] as const)
    deps.print(`${t(l, `cli.kb.show.${label}`).padEnd(14)} ${value}`);
  return 0;
}

async function review(deps: KbCliDeps, ref: string, status: 'published' | 'retired', personId: string) {
  const known = deps.config.people.some((p) => p.id === personId);
  const l = localeOf(deps);
  if (!known) {
    deps.print(t(l, 'cli.kb.not_a_person', { person: personId }));
    return 2;
  }
  const entry = await deps.knowledge.review(ref, status, actorById(deps.config, personId));
  deps.print(t(l, 'cli.kb.reviewed', { ref: entry.ref, status: statusWord(l, entry.status) }));
  return 0;
}

async function originNumber(deps: KbCliDeps, e: KnowledgeEntry): Promise<string | null> {
  if (!e.originIncidentId) return null;
  return (await deps.knowledge.triage.storage.getIncident(e.originIncidentId))?.number ?? null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const localeOf = (deps: KbCliDeps): Locale => deps.locale ?? deps.config.locale;

const statusWord = (l: Locale, status: KnowledgeStatus) => t(l, `cli.kb.status.${status}`);
