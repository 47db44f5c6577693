// A value a form parser rejected, shown next to its field in the modal (Slack's
// response_action "errors"). Null when the problem is not about a field on this modal: the
// caller then acks and answers the person after the ack.
import { isDomainError } from '../../../src/core/errors.js';
import { errorMessage } from '../../../src/i18n/index.js';
import type { SlackContext } from '../context.js';
import { localeOf } from '../people.js';
import type { Asker } from '../run.js';

export function fieldError(
  ctx: SlackContext,
  who: Pick<Asker, 'actor'>,
  err: unknown,
  values: Readonly<Record<string, unknown>>,
): { response_action: 'errors'; errors: Record<string, string> } | null {
  if (!isDomainError(err)) return null;
  const field = String(err.params.field ?? '');
  if (!Object.hasOwn(values, field)) return null;
  const text = errorMessage(localeOf(ctx.config, who.actor), err, { timeZone: ctx.config.calendar.timeZone });
  return { response_action: 'errors', errors: { [field]: text } };
}
