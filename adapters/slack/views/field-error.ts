// A value a form parser rejected, shown next to its field in the modal (Slack's
// response_action "errors"). Null when the problem is not about a field on this modal: the
// caller then acks and answers the person after the ack.
import { formFieldOf } from '../../../src/app/views/forms.js';
import { isDomainError } from '../../../src/core/errors.js';
import { errorMessage } from '../../../src/i18n/index.js';
import type { SlackContext } from '../context.js';
import { localeOf } from '../people.js';
import type { Asker } from '../run.js';

/** How long a form's answer may wait for the incident to be read (Slack allows 3 s in all). */
const CHECK_MS = 1000;

/**
 * The command decided against the incident as it stands, before the ack: a field the core
 * rejects is shown in the open form. Anything else (another error, a slow or failed read) is
 * left to the run after the ack, which decides again and answers as before.
 */
export async function coreFieldError(
  ctx: SlackContext,
  who: Pick<Asker, 'actor'>,
  check: () => Promise<void>,
  values: Readonly<Record<string, unknown>>,
): Promise<ReturnType<typeof fieldError>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CHECK_MS);
  });
  const checked = check().then(
    () => null,
    (err: unknown) => fieldError(ctx, who, err, values),
  );
  try {
    return await Promise.race([checked, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function fieldError(
  ctx: SlackContext,
  who: Pick<Asker, 'actor'>,
  err: unknown,
  values: Readonly<Record<string, unknown>>,
): { response_action: 'errors'; errors: Record<string, string> } | null {
  // The block ids of a form are its input names (src/app/views/forms.ts decides which is meant).
  const field = formFieldOf(err, (name) => Object.hasOwn(values, name));
  if (field === null || !isDomainError(err)) return null;
  const text = errorMessage(localeOf(ctx.config, who.actor), err, { timeZone: ctx.config.calendar.timeZone });
  return { response_action: 'errors', errors: { [field]: text } };
}
