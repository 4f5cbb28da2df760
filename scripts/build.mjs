// Bundles each Lambda function, the CLI and the benchmark with esbuild.
// dist/<function>/index.js per Lambda entry point in functions/, dist/cli/herald.js, dist/bench/index.js.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
};

const functions = readdirSync(join(root, 'functions')).filter((file) => file.endsWith('.ts'));

await Promise.all([
  ...functions.map((file) =>
    build({
      ...common,
      entryPoints: [join(root, 'functions', file)],
      outfile: join(root, 'dist', basename(file, '.ts'), 'index.js'),
      minify: true,
    }),
  ),
  build({ ...common, entryPoints: [join(root, 'cli', 'herald.ts')], outfile: join(root, 'dist', 'cli', 'herald.js') }),
  build({ ...common, entryPoints: [join(root, 'bench', 'index.ts')], outfile: join(root, 'dist', 'bench', 'index.js') }),
]);
