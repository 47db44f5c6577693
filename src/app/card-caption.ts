// What a card's message says besides the card (its caption) on a platform whose update replaces
// the whole message (Teams). Policy once for every adapter: see captionNow.

import type { Incident } from '../core/types.js';
import { PURPOSE } from './card-places.js';
import type { Caption } from './ports.js';

/** The incident version a caption was posted for, kept inside the (otherwise opaque) caption;
 *  NOTICE for one that stays. */
const POSTED_FOR = 'postedForVersion';
const NOTICE = 'notice';

/** Cards whose caption is a notice in its own right, not shown on the card: the managers' card
 *  carries the complaint's or suggestion's verification note and the highest-priority alert, true
 *  for as long as the card stands. */
const NOTICE_PURPOSES: readonly string[] = [PURPOSE.managers];

/**
 * A caption is what was said when the card was posted: a call to action ("Please accept or
 * decline"), @mentions of the people asked, a question to the reporter, the report form's offer.
 * It is true only for the incident as it was then, so it is stamped with that version; null when
 * there was no incident yet (the report form's offer), which no update ever repeats. A notice
 * card's caption (NOTICE_PURPOSES) stays, and so does one the caller says is `standing`: true
 * whatever happens to the incident (the bot's welcome above the form it posted on install).
 */
export function stampCaption(
  caption: Caption | null,
  incident: Pick<Incident, 'version'> | null,
  purpose?: string,
  standing = false,
): Caption | null {
  if (!caption) return null;
  if (standing || (purpose && NOTICE_PURPOSES.includes(purpose)))
    return Object.assign({}, caption, { [POSTED_FOR]: NOTICE });
  return Object.assign({}, caption, { [POSTED_FOR]: incident ? incident.version : null });
}

/**
 * The caption an update of the card carries: the one posted, while the incident is still at the
 * version it was posted for (a re-render of the same change); none once anything happened since,
 * so no stale call to action or @mention stays above the card. The message that asked is not
 * lost: the question, the assignment and who acted are in the card's history.
 */
export function captionNow(
  caption: Caption | null | undefined,
  incident: Pick<Incident, 'version'>,
): Caption | null {
  if (!caption) return null;
  const stamp = caption[POSTED_FOR];
  if (stamp !== NOTICE && stamp !== incident.version) return null;
  const { [POSTED_FOR]: _stamp, ...said } = caption;
  return said;
}
