// Bundles each Lambda function, the CLI and the benchmark with esbuild.
// dist/<function>/index.js per Lambda entry point in functions/, dist/cli/herald.js, dist/bench/index.js.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
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
  // herald.yml is embedded as text and compiled once at start-up.
  loader: { '.yml': 'text' },
};

// The configuration embedded in the Lambda bundle: herald.yml, or HERALD_CONFIG (the same
// variable deploy/config.cjs reads, so the deployed rules and the embedded routes agree).
const configFile = resolve(root, process.env.HERALD_CONFIG ?? 'herald.yml');
const embedConfig = {
  name: 'herald-config',
  setup(build) {
    build.onResolve({ filter: /(^|\/)herald\.yml$/ }, () => ({ path: configFile }));
  },
};

const functions = readdirSync(join(root, 'functions')).filter((file) => file.endsWith('.ts'));

await Promise.all([
  ...functions.map((file) =>
    build({
      ...common,
      entryPoints: [join(root, 'functions', file)],
      outfile: join(root, 'dist', basename(file, '.ts'), 'index.js'),
      minify: true,
      plugins: [embedConfig],
    }),
  ),
  build({ ...common, entryPoints: [join(root, 'cli', 'herald.ts')], outfile: join(root, 'dist', 'cli', 'herald.js') }),
  // dynalite's LevelDB binding is a native addon found beside its package: load it from node_modules.
  build({ ...common, entryPoints: [join(root, 'bench', 'index.ts')], outfile: join(root, 'dist', 'bench', 'index.js'), external: ['dynalite'] }),
]);
