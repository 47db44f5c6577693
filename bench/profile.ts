// BENCH_PROFILE: a V8 CPU profile of the measured phase only (not start-up, not the drain),
// written as a .cpuprofile file that Chrome DevTools or speedscope opens.
export async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}

// BENCH_HEAP_PROFILE: V8's sampling heap profiler, collected objects included, so the profile's
// sizes estimate every byte allocated by each stack (not only what survives): a .heapprofile.
// With BENCH_HEAP_LIVE=1 only what is still alive when it stops (what the run kept: caches, leaks).
export async function startHeapProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: !process.env.BENCH_HEAP_LIVE,
    includeObjectsCollectedByMinorGC: !process.env.BENCH_HEAP_LIVE,
  });
  return async (file) => {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
  };
}
