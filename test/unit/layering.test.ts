// The layering as a failing check (issue 11 item 7): the rules live in
// .dependency-cruiser.cjs; this runs them over the whole tree through
// dependency-cruiser's API, so `npm test` fails on an upward import or a cycle.
import { cruise, format, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const TREES = ['src', 'adapters', 'db', 'scripts', 'bench', 'test'];

async function cruiseTree(): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const tsConfig = extractTSConfig('tsconfig.json');
  const result = await cruise(TREES, options, {}, { tsConfig });
  return result.output as ICruiseResult;
}

describe('layering (.dependency-cruiser.cjs)', () => {
  it('core, app, adapters and db import only downwards, and no file imports itself round a cycle', async () => {
    const result = await cruiseTree();
    // A resolver that finds nothing would pass every rule: make sure it saw the tree.
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    const unresolved = result.modules.flatMap((m) =>
      m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} -> ${d.module}`),
    );
    expect(unresolved).toEqual([]);
    if (result.summary.violations.length > 0) {
      const report = await format(result, { outputType: 'err' });
      console.error(report.output);
    }
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  }, 60_000);
});
