/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking is `tsc --noEmit` (npm test runs it first); jest only transpiles.
    '^.+\\.yml$': '<rootDir>/test/support/text-transform.js',
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  // herald.yml is bundled as text; tests import it the same way.
  moduleFileExtensions: ['ts', 'js', 'json', 'yml'],
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 30000,
};
