// E-mail's environment, read without loading nodemailer: whether it is on, and from whom.
import { EnvError } from '../../src/app/env.js';

export interface EmailSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  /** The From header: `ITSS Service Desk <itss@example.com>` or a bare address. */
  from: string;
}

export const OFF_MESSAGE =
  'E-mail is off: set SMTP_URL and SMTP_FROM to e-mail on-site dispatches and people without a chat account';

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Null when e-mail stays off; throws EnvError on a value that cannot be right. */
export function readEmailSettings(env: NodeJS.ProcessEnv): EmailSettings | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  const from = env.SMTP_FROM?.trim() ?? '';
  const problems: string[] = [];
  if (!/^smtps?:\/\/[^\s/]+/.test(url))
    problems.push('SMTP_URL: expected smtp://user:password@host:587 or smtps://user:password@host:465');
  const address = from.match(/<([^>]+)>\s*$/)?.[1] ?? from;
  if (!ADDRESS.test(address))
    problems.push('SMTP_FROM: expected the sender, e.g. "ITSS Service Desk <itss@example.com>"');
  if (problems.length > 0) throw new EnvError(problems);
  return { url, from };
}
