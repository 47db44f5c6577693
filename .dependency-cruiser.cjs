/**
 * The layering the README promises, as rules (issue 11 item 7). Checked by
 * test/unit/layering.test.ts, so `npm test` fails on a violation.
 * Type-only imports count: a type is still a dependency on the other layer.
 */

// Composition root in the use-case folder: the only src/app files allowed to
// reach adapters/ and db/. Issue 11 item 5 moves them to src/main (and the
// command-line programs to src/cli); then this list goes.
const COMPOSITION_ROOT = ['^src/app/compose[.]ts$', '^src/app/modules[.]ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'src/core is the pure domain: it imports only src/core and pure third-party libraries ' +
        '(calendar data, lunar arithmetic) - no node: built-ins, no app, adapters, db, jobs or i18n.',
      from: { path: '^src/core/' },
      to: {
        pathNot: ['^src/core/', '^node_modules/(lunar-typescript|chinese-days)/'],
      },
    },
    {
      name: 'app-not-to-adapters-or-db',
      severity: 'error',
      comment: 'Use cases depend on ports, never on a chat adapter or a storage module.',
      from: { path: '^src/app/', pathNot: COMPOSITION_ROOT },
      to: { path: '^(adapters|db)/' },
    },
    {
      name: 'adapters-not-to-db',
      severity: 'error',
      comment: 'Adapters translate wire to use-case calls; storage is behind the ports.',
      from: { path: '^adapters/' },
      to: { path: '^db/' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle means two files are one module in two pieces: move the shared piece.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json', '.d.ts'],
    },
    builtInModules: { add: [] },
  },
};
