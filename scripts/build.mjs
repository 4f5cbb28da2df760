// Bundles each Lambda function, the CLI and the benchmark with esbuild.
// dist/<function>/index.js per Lambda entry point in functions/, dist/cli/herald.js, dist/bench/index.js.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_OPTIONS, LAMBDA_OPTIONS } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  ...COMMON_OPTIONS,
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

// `--if-stale` (npm start): nothing to do when every bundle is newer than every source and was
// built with the same configuration file. A stamp records which one.
const STAMP = join(root, 'dist', '.build-stamp.json');
const SOURCES = ['functions', 'shared', 'cli', 'bench', 'scripts/build.mjs', 'scripts/bundle-options.mjs', 'package-lock.json', configFile];
const OUTPUTS = [...functions.map((file) => join('dist', basename(file, '.ts'), 'index.js')), 'dist/cli/herald.js', 'dist/bench/index.js'];
const newest = (path) => {
  const stat = statSync(path);
  return stat.isDirectory() ? Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry)))) : stat.mtimeMs;
};
const fresh = () => {
  if (!existsSync(STAMP) || JSON.parse(readFileSync(STAMP, 'utf8')).config !== configFile) return false;
  const outputs = OUTPUTS.map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return false;
  return Math.max(...SOURCES.map((source) => newest(resolve(root, source)))) < Math.min(...outputs.map((file) => statSync(file).mtimeMs));
};
if (process.argv.includes('--if-stale') && fresh()) process.exit(0);

await Promise.all([
  ...functions.map((file) =>
    build({
      ...common,
      ...LAMBDA_OPTIONS,
      entryPoints: [join(root, 'functions', file)],
      outfile: join(root, 'dist', basename(file, '.ts'), 'index.js'),
      plugins: [embedConfig],
    }),
  ),
  build({ ...common, entryPoints: [join(root, 'cli', 'herald.ts')], outfile: join(root, 'dist', 'cli', 'herald.js') }),
  // dynalite's LevelDB binding is a native addon found beside its package: load it from node_modules.
  build({ ...common, entryPoints: [join(root, 'bench', 'index.ts')], outfile: join(root, 'dist', 'bench', 'index.js'), external: ['dynalite'] }),
]);

mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, `${JSON.stringify({ config: configFile })}\n`);
