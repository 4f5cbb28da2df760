/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking is `tsc --noEmit` (npm test runs it first); jest only transpiles.
    '^.+\\.yml$': '<rootDir>/test/support/text-transform.js',
    // The built Lambda bundles (index.js and its chunks), loaded by test/scenarios: see the transform for why.
    '/dist/\\.scenarios(-live)?/[^/]+/[^/]+\\.js$': '<rootDir>/test/support/bundle-transform.js',
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  // herald.yml is bundled as text; tests import it the same way.
  moduleFileExtensions: ['ts', 'js', 'json', 'yml'],
  setupFiles: ['<rootDir>/test/setup-env.js'],
  // test/scenarios runs the built Lambda bundles: (re)built and set aside first, if a source changed.
  globalSetup: '<rootDir>/test/support/build-bundles.js',
  testTimeout: 30000,
};
