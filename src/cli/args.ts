// What every operator command does with its command line before anything else (before the
// configuration or the database is opened, so it works while the bot holds the data directory):
// --help / -h prints the usage (exit 0); an option the command does not know, or one that takes a
// value given without it, is named, with the usage (exit 2) — not Node's parseArgs text, whose
// quoting hint is broken and which no one translates.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Locale } from '../core/config.js';
import { t } from '../i18n/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  print(text: string): void;
  fail(text: string): void;
}

const optionTokens = (args: readonly string[], options: Options) =>
  parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true }).tokens.flatMap(
    (token) => (token.kind === 'option' ? [token] : []),
  );

/** The first option in `args` that `options` does not declare (as typed: --bogus, -x), or null. */
export function unknownOption(args: readonly string[], options: Options): string | null {
  // A declared short option's token carries its long name; an undeclared one, the letter.
  return optionTokens(args, options).find((o) => !Object.hasOwn(options, o.name))?.rawName ?? null;
}

/**
 * The first declared string option in `args` given without its value (as typed), or null: last
 * on the line (`--out`), or followed by another option (`--out --all`, which strict parseArgs
 * calls ambiguous; a value that starts with "-" is written --out=-x, as there).
 */
export function optionMissingValue(args: readonly string[], options: Options): string | null {
  const missing = optionTokens(args, options).find(
    (o) =>
      Object.hasOwn(options, o.name) &&
      options[o.name]?.type === 'string' &&
      (o.value === undefined || (!o.inlineValue && o.value.length > 1 && o.value.startsWith('-'))),
  );
  return missing?.rawName ?? null;
}

/** Whether --help or -h comes before any `--` (after it, it is an argument like any other). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Answers --help, unknown options and options missing their value: the exit code when it did
 * (0 or 2), null to go on. `locale` words the complaint (the commands whose usage is in English
 * leave it so; kb:import follows LANG).
 */
export function answerHelpOrUnknown(
  args: readonly string[],
  options: Options,
  usage: string,
  io: CliIo,
  locale: Locale = 'en',
): number | null {
  if (asksForHelp(args)) {
    io.print(usage);
    return 0;
  }
  const unknown = unknownOption(args, options);
  const missing = unknown === null ? optionMissingValue(args, options) : null;
  if (unknown === null && missing === null) return null;
  const problem =
    unknown !== null
      ? t(locale, 'cli.unknown_option', { option: unknown })
      : t(locale, 'cli.missing_value', { option: missing ?? '' });
  io.fail(`${problem}\n${usage}`);
  return 2;
}
