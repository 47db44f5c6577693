// What every operator command does with its command line before anything else (before the
// configuration or the database is opened, so it works while the bot holds the data directory):
// --help / -h prints the usage (exit 0); an option the command does not know is named, with the
// usage (exit 2) — not Node's parseArgs text, whose quoting hint is broken.
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliIo {
  print(text: string): void;
  fail(text: string): void;
}

/** The first option in `args` that `options` does not declare (as typed: --bogus, -x), or null. */
export function unknownOption(args: readonly string[], options: Options): string | null {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  // A declared short option's token carries its long name; an undeclared one, the letter.
  const unknown = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(options, t.name));
  return unknown?.kind === 'option' ? unknown.rawName : null;
}

/** Whether --help or -h comes before any `--` (after it, it is an argument like any other). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Answers --help and unknown options: the exit code when it did (0 or 2), null to go on.
 * `unknown` words the complaint (a localised command passes its own).
 */
export function answerHelpOrUnknown(
  args: readonly string[],
  options: Options,
  usage: string,
  io: CliIo,
  unknown: (option: string) => string = (option) => `unknown option ${option}`,
): number | null {
  if (asksForHelp(args)) {
    io.print(usage);
    return 0;
  }
  const option = unknownOption(args, options);
  if (option === null) return null;
  io.fail(`${unknown(option)}\n${usage}`);
  return 2;
}
