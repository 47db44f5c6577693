// `npm run kb -- …`: the review side of "save as knowledge". Drafts saved from resolved
// incidents wait here until a desk agent or incident manager publishes them (then they are
// IM2.7 candidates) or retires them. The reviewer is a configured person (`--as`), so the same
// role rule applies as in chat, and the decision lands on the origin incident's audit trail.
import { parseArgs } from 'node:util';
import { actorById } from '../app/identity.js';
import type { KnowledgeService } from '../app/knowledge-service.js';
import type { KnowledgeEntry, KnowledgeStatus } from '../app/ports.js';
import type { TriageConfig } from '../core/config.js';
import { isDomainError } from '../core/errors.js';
import { errorMessage } from '../i18n/index.js';

export const KB_USAGE = `usage: npm run kb -- COMMAND
  drafts                          entries waiting for review (saved from incidents)
  list [--status S] [--limit N]   entries by status: draft, published or retired (newest first)
  show REF                        one entry in full
  publish REF --as PERSON         make a draft an IM2.7 candidate (desk agent or incident manager)
  retire REF --as PERSON          stop offering an entry`;

export interface KbCliDeps {
  knowledge: KnowledgeService;
  config: TriageConfig;
  print(line: string): void;
}

export const KB_OPTIONS = {
  status: { type: 'string' },
  limit: { type: 'string' },
  as: { type: 'string' },
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
  const usage = (problem: string) => {
    deps.print(`${problem}\n${KB_USAGE}`);
    return 2;
  };
  try {
    switch (command) {
      case 'drafts':
        return await list(deps, 'draft', 50);
      case 'list': {
        const status = values.status === undefined ? undefined : String(values.status);
        if (status !== undefined && !STATUSES.includes(status as KnowledgeStatus))
          return usage(`--status: expected one of ${STATUSES.join(', ')}, got "${status}"`);
        const limit = Number(values.limit ?? 50);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          return usage(`--limit: expected a whole number from 1 to 1000, got "${String(values.limit)}"`);
        return await list(deps, status as KnowledgeStatus | undefined, limit);
      }
      case 'show':
        return ref ? await show(deps, ref) : usage('show: which entry? (e.g. KB-000123)');
      case 'publish':
      case 'retire': {
        if (!ref) return usage(`${command}: which entry? (e.g. KB-000123)`);
        if (typeof values.as !== 'string' || values.as === '')
          return usage(`${command}: --as PERSON is required`);
        return await review(deps, ref, command === 'publish' ? 'published' : 'retired', values.as);
      }
      default:
        return usage(command ? `unknown command "${command}"` : 'no command');
    }
  } catch (err) {
    if (!isDomainError(err)) throw err;
    deps.print(errorMessage(deps.config.locale, err, { timeZone: deps.config.calendar.timeZone }));
    return 1;
  }
}

async function list(deps: KbCliDeps, status: KnowledgeStatus | undefined, limit: number): Promise<number> {
  const entries = await deps.knowledge.listEntries(status, limit);
  if (entries.length === 0) deps.print(status ? `no ${status} entries` : 'no entries');
  for (const e of entries) deps.print(await line(deps, e));
  return 0;
}

async function line(deps: KbCliDeps, e: KnowledgeEntry): Promise<string> {
  const from = await originNumber(deps, e);
  const origin = from ? `  (from ${from})` : '';
  return `${e.ref}  ${e.status.padEnd(9)}  ${e.kind.padEnd(11)}  ${e.updatedAt.toISOString().slice(0, 16)}  ${oneLine(e.title)}${origin}`;
}

async function show(deps: KbCliDeps, ref: string): Promise<number> {
  const e = await deps.knowledge.knowledge.getEntry(ref);
  if (!e) {
    deps.print(`${ref}: no such entry`);
    return 1;
  }
  const from = await originNumber(deps, e);
  for (const [label, value] of [
    ['ref', e.ref],
    ['status', e.status],
    ['kind', e.kind],
    ['category', e.category ?? '-'],
    ['tags', e.tags.join(', ') || '-'],
    ['source', e.sourceUrl ?? '-'],
    ['from incident', from ?? '-'],
    ['created by', e.createdBy ?? '-'],
    ['helped / not', `${e.helped} / ${e.notHelped}`],
    ['title', e.title],
    ['symptoms', e.symptoms || '-'],
    ['solution', e.solution],
  ] as const)
    deps.print(`${label.padEnd(14)} ${value}`);
  return 0;
}

async function review(deps: KbCliDeps, ref: string, status: 'published' | 'retired', personId: string) {
  const known = deps.config.people.some((p) => p.id === personId);
  if (!known) {
    deps.print(`--as: "${personId}" is not a person in the configuration`);
    return 2;
  }
  const entry = await deps.knowledge.review(ref, status, actorById(deps.config, personId));
  deps.print(`${entry.ref} is ${entry.status}`);
  return 0;
}

async function originNumber(deps: KbCliDeps, e: KnowledgeEntry): Promise<string | null> {
  if (!e.originIncidentId) return null;
  return (await deps.knowledge.triage.storage.getIncident(e.originIncidentId))?.number ?? null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
