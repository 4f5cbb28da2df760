/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type-checking is `tsc --noEmit` (npm test runs it first); jest only transpiles.
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', moduleResolution: 'node10', isolatedModules: true } },
    ],
  },
  setupFiles: ['<rootDir>/test/setup-env.js'],
  testTimeout: 30000,
};
