// A reader that stops early (`npm run -s calendar -- show 2026 | head -12`) closes the pipe under
// the command's standard output; the next write fails with EPIPE, which Node reports as an
// unhandled 'error' event: a stack trace and exit 1. Unix tools end quietly there (SIGPIPE), and
// docs/operations.md promises one clear line, never a stack trace: every command line tool
// (calendar, report, kb, kb:import, outbox:failed, db:migrate) calls this first, once.
// Nothing on stderr, and exit 141 (128 + SIGPIPE), what a shell reports for a tool the pipe ended:
// a command cut short there may not have done its work (an import rolled back mid-file), and
// `set -o pipefail` must be able to see that. Any other stdout error is still thrown.

type Exit = (code: number) => void;

/** 128 + SIGPIPE (13). */
export const CLOSED_PIPE_EXIT = 141;

/** Ends the process quietly (exit 141, as SIGPIPE would) when `stream`'s reader has gone away. */
export function endQuietlyOnClosedPipe(
  stream: NodeJS.WritableStream = process.stdout,
  exit: Exit = (code) => process.exit(code),
): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      exit(CLOSED_PIPE_EXIT);
      return;
    }
    throw err;
  });
}
