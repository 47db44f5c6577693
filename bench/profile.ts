import type { Session } from 'node:inspector/promises';

/** An inspector session on this process, and how to end it writing what `stop` returns. */
async function inspect(): Promise<{
  session: Session;
  finish: (file: string, stop: () => Promise<{ profile: unknown }>) => Promise<void>;
}> {
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  return {
    session,
    async finish(file, stop) {
      const { profile } = await stop();
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

// BENCH_PROFILE: a V8 CPU profile of the measured phase only (not start-up, not the drain),
// written as a .cpuprofile file that Chrome DevTools or speedscope opens.
export async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { session, finish } = await inspect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return (file) => finish(file, () => session.post('Profiler.stop'));
}

// BENCH_HEAP_PROFILE: V8's sampling heap profiler, collected objects included, so the profile's
// sizes estimate every byte allocated by each stack (not only what survives): a .heapprofile.
// With BENCH_HEAP_LIVE=1 only what is still alive when it stops (what the run kept: caches, leaks);
// with BENCH_HEAP_LIVE=old what outlived the young generation (kept, or promoted and then found
// dead by a mark-compact: what makes the old generation grow between mark-compacts).
export async function startHeapProfile(): Promise<(file: string) => Promise<void>> {
  const { session, finish } = await inspect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: !process.env.BENCH_HEAP_LIVE || process.env.BENCH_HEAP_LIVE === 'old',
    includeObjectsCollectedByMinorGC: !process.env.BENCH_HEAP_LIVE,
  });
  return (file) => finish(file, () => session.post('HeapProfiler.stopSampling'));
}
