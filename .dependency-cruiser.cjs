/**
 * The "never imports" table of the architecture, as a check: `npm run lint:boundaries` (part of
 * `npm run lint`, so CI fails on a wrong-way import). Paths are relative to where depcruise runs:
 * the repository root, or a fixture tree in lib/boundaries.test.ts, hence `(^|/)node_modules/`.
 */

/** A package's files, however it resolves (its own files or its @types). */
const pkg = (names) => `(^|/)node_modules/(@types/)?(${names.join('|')})/`;
const ourCode = '^(lib|app|components)/';

/**
 * Pure helpers a component may import by value: no I/O, no server-only dependency. Anything else
 * from lib/ reaches components through lib/contract, a schemas.ts / types.ts file, or `import type`.
 */
const pureHelpersForComponents = [
  'lib/auth/permissions.ts', // role/scope predicates to show or hide controls; types only besides
  'lib/logs/ansi.ts', // ANSI colour parsing of log lines (anser)
  'lib/prometheus/severity.ts', // ordering of alert severities
];
const exactPath = (p) => p.replace(/[.]/g, '\\.');

module.exports = {
  forbidden: [
    {
      name: 'no-framework-in-lib',
      comment:
        'lib/ is the domain: no React and no Next.js, so it runs in tests, scripts and workers alike. Only lib/http adapts it to Next.',
      severity: 'error',
      from: { path: '^lib/', pathNot: '^lib/http/' },
      to: { path: pkg(['react', 'react-dom', 'next']) },
    },
    {
      name: 'lib-not-app',
      comment:
        'The domain never reaches up into pages, route handlers or components; they import it, not the reverse.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'dockerode-only-in-docker',
      comment:
        'lib/docker is the one adapter to the engine: the socket proxy, timeouts and errors are handled there once. Tests included.',
      severity: 'error',
      from: { pathNot: '^lib/docker/' },
      to: { path: pkg(['dockerode', 'docker-modem']) },
    },
    {
      name: 'errors-is-a-leaf',
      comment:
        'Every layer throws domain errors; lib/errors importing any of our modules would make a cycle of everything.',
      severity: 'error',
      from: { path: '^lib/errors/' },
      to: { path: ourCode, pathNot: '^lib/errors/' },
    },
    {
      name: 'config-is-a-leaf',
      comment:
        'Configuration is read by everything, so it depends on nothing of ours (at most the error type).',
      severity: 'error',
      from: { path: '^lib/config/' },
      to: { path: ourCode, pathNot: '^lib/(config|errors)/' },
    },
    {
      name: 'store-knows-no-tenant',
      comment:
        'lib/store is the connection and the migration runner; each owner declares and ensures its own tables (lib/*/schema.ts).',
      severity: 'error',
      from: { path: '^lib/store/' },
      to: { path: ourCode, pathNot: '^lib/(store|config|log|errors)/' },
    },
    {
      name: 'http-only-at-the-edge',
      comment:
        'lib/http maps domain results and errors to Next responses; the domain below it never knows about HTTP (lib/openapi may describe the envelope).',
      severity: 'error',
      from: { path: '^lib/', pathNot: '^lib/(http|openapi)/' },
      to: { path: '^lib/http/' },
    },
    {
      name: 'docker-is-an-adapter',
      comment:
        'lib/docker talks to the engine and knows no feature that uses it: features import docker, never the reverse.',
      severity: 'error',
      from: { path: '^lib/docker/' },
      to: { path: '^lib/(auth|audit|http|actions|backups|logs|prometheus|services|jobs|live|contract)/' },
    },
    {
      name: 'actions-not-backups',
      comment:
        'Actions and backups are sibling features; what they share lives below them (jobs, docker, audit).',
      severity: 'error',
      from: { path: '^lib/actions/' },
      to: { path: '^lib/backups/' },
    },
    {
      name: 'backups-not-actions',
      comment:
        'Actions and backups are sibling features; what they share lives below them (jobs, docker, audit).',
      severity: 'error',
      from: { path: '^lib/backups/' },
      to: { path: '^lib/actions/' },
    },
    {
      name: 'readers-not-writers',
      comment: 'Logs and Prometheus only read; they never reach into the features that change the stack.',
      severity: 'error',
      from: { path: '^lib/(logs|prometheus)/' },
      to: { path: '^lib/(actions|backups)/' },
    },
    {
      name: 'jobs-is-generic',
      comment:
        'The job engine runs any kind of job; the features register theirs with it, so it imports none of them.',
      severity: 'error',
      from: { path: '^lib/jobs/' },
      to: { path: '^lib/(actions|backups|logs|prometheus)/' },
    },
    {
      name: 'auth-audit-not-docker',
      comment: 'Who may do what, and the record of it, hold without an engine; they must not depend on one.',
      severity: 'error',
      from: { path: '^lib/(auth|audit)/' },
      to: { path: '^lib/docker/' },
    },
    {
      name: 'streams-via-sse',
      comment:
        'Log and job streams use the SSE writer in lib/sse; lib/live is the overview hub and is not their transport.',
      severity: 'error',
      from: { path: '^lib/(logs|jobs)/' },
      to: { path: '^lib/live/' },
    },
    {
      name: 'contract-is-browser-safe',
      comment:
        'lib/contract declares the operations for server and browser alike: zod, domain errors and schemas/types files only.',
      severity: 'error',
      // its tests run in Node, with a real loopback server
      from: { path: '^lib/contract/', pathNot: '\\.test\\.ts$' },
      to: {
        pathNot: [
          '(^|/)node_modules/zod/',
          '^lib/contract/',
          '^lib/errors/',
          '^lib/.+/schemas\\.ts$',
          '^lib/.+/types\\.ts$',
        ],
      },
    },
    {
      name: 'components-use-the-contract',
      comment:
        'Components run in the browser: from lib/ they take the contract, schemas/types files, type-only imports, or a listed pure helper.',
      severity: 'error',
      from: { path: '^components/' },
      to: {
        path: '^lib/',
        pathNot: [
          '^lib/contract/',
          '^lib/.+/schemas\\.ts$',
          '^lib/.+/types\\.ts$',
          ...pureHelpersForComponents.map((p) => `^${exactPath(p)}$`),
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'routes-apart',
      comment: 'Route handlers are thin and independent; what two of them share belongs in lib/.',
      severity: 'error',
      from: { path: '^app/api/' },
      to: { path: '^app/api/' },
    },
    {
      name: 'no-folder-cycles-in-lib',
      comment:
        'Modules of lib/ form layers: two folders that import each other are one module in two places.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^lib/' },
      to: { path: '^lib/', circular: true },
    },
    {
      name: 'no-unresolvable',
      comment:
        'An import that does not resolve (say, the @/ alias misconfigured) would pass every rule above unseen.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)\\.next/' },
    // Type-only imports are dependencies too (rule components-use-the-contract tells them apart).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
