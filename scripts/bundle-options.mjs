// The esbuild settings of the Lambda bundles (scripts/build.mjs), shared with the benchmark,
// which builds a minimal SNS forwarder with the same settings to compare against.

/** What every bundle of this repository is built with. */
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

/** A Lambda function's bundle: the common settings, minified. */
export const LAMBDA_OPTIONS = { ...COMMON_OPTIONS, minify: true };
