// Builds what `npm run bench` compares the Lambda bundles with, in the same run: the minimal
// SNS forwarder (bench/forwarder.ts) with the Lambda bundles' own esbuild settings, and the
// probe that loads and invokes a bundle in a cold process.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_OPTIONS, LAMBDA_OPTIONS } from '../scripts/bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await Promise.all([
  build({ ...LAMBDA_OPTIONS, entryPoints: [join(root, 'bench', 'forwarder.ts')], outfile: join(root, 'dist', 'bench', 'forwarder', 'index.js') }),
  build({ ...COMMON_OPTIONS, entryPoints: [join(root, 'bench', 'cold-probe.ts')], outfile: join(root, 'dist', 'bench', 'cold-probe.js') }),
]);
