// Who may open which web page (issue 13 item 6), decided on every request from the person's
// current roles in configuration — never from anything carried in the link.
import { isDeskStaff } from '../../core/read-access.js';
import type { Actor } from '../../core/types.js';

/** The desk queue and the reports dashboard: desk agents and incident managers only. */
export function mayUseDeskPages(actor: Actor): boolean {
  return isDeskStaff(actor);
}
