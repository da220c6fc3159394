/** Module boundaries (STYLE.md): checked by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles mean a boundary is wrong: move the reaction onto an event or a queue.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-never-imports-modules',
      severity: 'error',
      comment: 'src/core is the platform; feature modules build on it, never the reverse.',
      from: { path: '^src/core/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-foreign-entities-or-repositories',
      severity: 'error',
      comment:
        'A module reaches another only through what its *.module.ts exports (services), never its entities or repositories.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.+\\.(entity|repository)\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'sandbox-stays-apart',
      severity: 'error',
      comment: 'Production code never depends on the Telegram sandbox.',
      from: { path: '^src/(core|modules)/' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
