// The one language rule of every operator command (report, kb, kb:import, calendar,
// outbox:failed): every line a person reads — usage, refusals, results — is in one language,
// chosen once at the start:
//   1. --lang en|zh-CN on the command line;
//   2. else the terminal's language, when LC_ALL, LC_MESSAGES or LANG (the first one set, as
//      POSIX reads them) names one: zh… → zh-CN, en… → en (C, C.UTF-8 and POSIX name none);
//   3. else the configuration's `locale` (ITSS_CONFIG, or kb:import's --config), the desk's;
//   4. else English.
// The person at the terminal outranks the desk's default, as a person's own `locale` does in chat.
import { parseArgs } from 'node:util';
import type { Locale } from '../core/config.js';
import { t } from '../i18n/index.js';

export const LANG_OPTION = { lang: { type: 'string' } } as const;

export const isLocale = (s: unknown): s is Locale => s === 'en' || s === 'zh-CN';

/** What the environment's locale variables name, or null for C/POSIX/unset. */
export function terminalLocale(env: NodeJS.ProcessEnv = process.env): Locale | null {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (/^zh/i.test(value)) return 'zh-CN';
  if (/^en/i.test(value)) return 'en';
  return null;
}

/** --lang as given (valid or not), or undefined; read leniently, before anything else. */
export function langArg(args: readonly string[]): string | undefined {
  const { values } = parseArgs({
    args: [...args],
    options: LANG_OPTION,
    strict: false,
    allowPositionals: true,
  });
  return typeof values.lang === 'string' ? values.lang : undefined;
}

/** The arguments without --lang and its value (read before, by cliLocale); the rest untouched. */
export function withoutLang(args: readonly string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--lang') i += 1;
    else if (!arg.startsWith('--lang=')) rest.push(arg);
  }
  return rest;
}

/**
 * The language of one run. `configLocale` is asked only when --lang and the terminal say nothing
 * (it may read the configuration file; a file that cannot be read says nothing either).
 */
export function cliLocale(
  args: readonly string[],
  configLocale: () => Locale | null | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Locale {
  const given = langArg(args);
  if (isLocale(given)) return given;
  return terminalLocale(env) ?? quietly(configLocale) ?? 'en';
}

function quietly(read: () => Locale | null | undefined): Locale | null {
  try {
    return read() ?? null;
  } catch {
    return null; // a bad configuration is reported later, in the language chosen without it
  }
}

/** The refusal of a --lang that names no language (in the run's language), or null: exit 2. */
export function badLangRefusal(args: readonly string[], locale: Locale): string | null {
  const given = langArg(args);
  return given === undefined || isLocale(given) ? null : t(locale, 'cli.bad_lang', { value: given });
}
