// What a chat message becomes in the report form (IM1), on every platform: its first line as
// the title, at most TITLE_MAX characters, and the whole text as the description whenever the
// title does not hold all of it — a long one-line report loses nothing, a short one is not
// repeated. One rule, so Slack and Teams prefill the same form from the same words.

import { REPORT_DESCRIPTION_MAX } from '../../core/steps/register.js';

/** The longest description the report form accepts on every platform (the core refuses longer). */
export const DESCRIPTION_MAX = REPORT_DESCRIPTION_MAX;

/** The longest title the report form accepts. */
export const TITLE_MAX = 200;
const ELLIPSIS = '…';

export interface ReportPrefill {
  title: string;
  description: string;
}

/**
 * `source`: where the words came from when someone reports another person's message ("From this
 * message: <link>"); then the description always carries the message and that line.
 */
export function reportPrefill(text: string, source?: string): ReportPrefill {
  const clean = text.trim();
  const first = clean.split('\n', 1)[0]?.trim() ?? '';
  const chars = Array.from(first); // code points: an emoji or a CJK supplement is not cut in half
  const title = chars.length <= TITLE_MAX ? first : chars.slice(0, TITLE_MAX - 1).join('') + ELLIPSIS;
  if (source) return { title, description: [clean, source].filter(Boolean).join('\n\n') };
  return { title, description: title === clean ? '' : clean };
}
