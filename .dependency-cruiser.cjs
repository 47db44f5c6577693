/**
 * The layering the README promises, as rules (issue 11 item 7). Checked by
 * test/unit/layering.test.ts, so `npm test` fails on a violation.
 * Type-only imports count: a type is still a dependency on the other layer.
 */

// The composition root (src/main) and the command-line programs (src/cli) wire
// storage, adapters and use cases together: they alone may import everything.

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
      from: { path: '^src/app/' },
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
      name: 'nothing-depends-on-the-wiring',
      severity: 'error',
      comment:
        'src/main assembles the bot; modules receive what they need through src/app/app-module.ts, ' +
        'so no layer (and no command-line program) imports the composition root.',
      from: { path: '^(src/(core|app|jobs|matching|config|i18n|cli)|adapters|db)/' },
      to: { path: '^src/main/' },
    },
    {
      name: 'platform-sdks-on-demand',
      severity: 'error',
      comment:
        'A chat module decides whether its platform is on from the environment alone; Bolt and ' +
        'botbuilder (and the rest of the adapter) are loaded by a dynamic import only when it is.',
      from: { path: '^adapters/[^/]+/(module|settings)[.]ts$' },
      to: {
        pathNot: ['^src/app/', '^adapters/[^/]+/settings[.]ts$'],
        dependencyTypesNot: ['type-only', 'dynamic-import'],
      },
    },
    {
      name: 'redis-on-demand',
      severity: 'error',
      comment:
        'Without REDIS_URL the bot never loads BullMQ or ioredis: only the Redis half of src/jobs ' +
        'imports them, and the rest reaches that half by a dynamic import.',
      from: {
        path: '^src/',
        pathNot:
          '^src/jobs/(redis-jobs|redis-connect|redis-database|bull-delivery|bullmq-scheduler|worker-close|timer-job)[.]ts$',
      },
      to: {
        path: [
          '^node_modules/(bullmq|ioredis)/',
          '^src/jobs/(redis-jobs|redis-connect|redis-database|bull-delivery|bullmq-scheduler|worker-close|timer-job)[.]ts$',
        ],
        dependencyTypesNot: ['type-only', 'dynamic-import'],
      },
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
