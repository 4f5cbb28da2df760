// The esbuild settings of the Lambda bundles (scripts/build.mjs), shared with the benchmark,
// which builds a minimal SNS forwarder with the same settings to compare against.

/**
 * What every bundle of this repository is built with.
 *
 * package.json declares `"sideEffects": false`: no module of this repository does anything when
 * loaded but define what it exports, so esbuild leaves out a module none of whose exports a
 * bundle uses, even when an index re-exports it. That keeps what a Lambda function never runs
 * out of its bundle: the YAML loader and zod schemas behind shared/config's index, the file
 * state store's schema behind shared/state's. A module that must run for its effect alone has
 * no place here.
 */
export const COMMON_OPTIONS = {
  bundle: true,
  platform: 'node',
  // The machines here run Node.js 20; Lambda runs nodejs24.x. One target for both.
  target: 'node20',
  format: 'cjs',
  // ESM builds of the AWS SDK tree-shake better (~40% smaller bundles).
  mainFields: ['module', 'main'],
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * A Lambda function's bundle: the common settings, minified, and source maps without the
 * sources' text. Stack traces still name the TypeScript file, line and column
 * (`--enable-source-maps`, serverless.yml); the text only served debuggers, and made the map
 * several times the size of the code in every deployment package.
 */
export const LAMBDA_OPTIONS = { ...COMMON_OPTIONS, minify: true, sourcesContent: false };
