// The "save as knowledge" form (after IM4.1) for every chat surface: its inputs, prefilled from
// the incident and its resolution, and the parser of what comes back. Like forms.ts, bad input
// becomes a DomainError naming the field, so the adapter shows it next to that field.
import type { Locale } from '../../core/config.js';
import { DomainError } from '../../core/errors.js';
import type { Incident } from '../../core/types.js';
import { type MessageKey, t } from '../../i18n/index.js';
import type { DraftEdits } from '../knowledge-service.js';
import type { FormValue, FormValues } from './forms.js';
import type { ViewInput } from './inputs.js';

const KINDS = ['article', 'known_error'] as const;
const MAX = { title: 300, symptoms: 4000, solution: 4000, tags: 300 } as const;

/** A workaround is a known error; a real solution an article (the reviewer may change it). */
const kindFor = (incident: Incident) =>
  incident.resolution?.code === 'workaround' ? 'known_error' : 'article';

export function saveKnowledgeInputs(incident: Incident, locale: Locale): ViewInput[] {
  const text = (
    name: keyof typeof MAX,
    initial: string,
    required: boolean,
    multiline: boolean,
  ): ViewInput => ({
    kind: 'text',
    name,
    label: t(locale, `field.${name}` as MessageKey),
    required,
    multiline,
    maxLength: MAX[name],
    initial: initial.slice(0, MAX[name]) || null,
  });
  return [
    {
      kind: 'select',
      name: 'kind',
      label: t(locale, 'field.kind'),
      required: true,
      options: KINDS.map((k) => ({ value: k, label: t(locale, `match.kind.${k}`) })),
      initial: kindFor(incident),
    },
    text('title', incident.title, true, false),
    text('symptoms', incident.description, false, true),
    text('solution', incident.resolution?.solution ?? '', true, true),
    text('tags', '', false, false),
  ];
}

const str = (v: FormValue): string => (typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '');

function field(values: FormValues, name: keyof typeof MAX, required: boolean): string {
  const v = str(values[name]).trim();
  if (required && !v) throw new DomainError('invalid_input', { field: name, reason: 'required' });
  if (v.length > MAX[name])
    throw new DomainError('invalid_input', { field: name, reason: 'too_long', max: MAX[name] });
  return v;
}

/** Form values → the edits saveAsKnowledge applies. Tags split on Latin and Chinese commas. */
export function parseDraftEdits(values: FormValues): DraftEdits {
  const kind = str(values.kind);
  if (!KINDS.includes(kind as (typeof KINDS)[number]))
    throw new DomainError('invalid_input', { field: 'kind', reason: 'choice' });
  const tags = field(values, 'tags', false)
    .split(/[,，、;；]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  return {
    kind: kind as (typeof KINDS)[number],
    title: field(values, 'title', true),
    symptoms: field(values, 'symptoms', false),
    solution: field(values, 'solution', true),
    tags: [...new Set(tags)],
  };
}
