// The core bench's warm-up rule (bench/core.ts `--warmup-transitions`, `--warmup`). V8 tiers hot
// code up by call counts, so a warm-up measured in seconds leaves a loaded machine's bot still
// compiling (13–42 % of its CPU per transition after 5 s at load 3–10, docs/core-speed.md,
// h/coresat): ours warms up until it has done enough transitions, the seconds only a cap.

export interface WarmupRule {
  /** Transitions to reach (0: run for the whole cap, the old rule by seconds). */
  minTransitions: number;
  /** Seconds at most (0: no warm-up at all). */
  capSeconds: number;
}

/** Whether ours may stop warming up, after `transitions` done in `elapsedMs`. */
export function warmupOver(rule: WarmupRule, transitions: number, elapsedMs: number): boolean {
  if (elapsedMs >= rule.capSeconds * 1000) return true;
  return rule.minTransitions > 0 && transitions >= rule.minTransitions;
}

/**
 * pgbench's warm-up: the wall time ours' load took, so the reference's tables and the server's
 * caches get the same chance. pgbench's -T takes whole seconds: rounded up, never below one
 * second once ours warmed up at all.
 */
export const referenceWarmupSeconds = (oursLoadSeconds: number): number =>
  oursLoadSeconds > 0 ? Math.max(1, Math.ceil(oursLoadSeconds)) : 0;
