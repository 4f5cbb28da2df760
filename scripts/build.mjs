// Bundles each Lambda function, the CLI and the benchmark with esbuild.
// dist/<function>/ (index.js and the chunks it loads) per Lambda entry point in functions/,
// dist/cli/herald.js, dist/bench/index.js.
// `--metafile` also writes dist/meta/<function>.json, what each Lambda bundle is made of, for
// https://esbuild.github.io/analyze/ (outside dist/<function>/, so never packaged).
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMON_OPTIONS, LAMBDA_OPTIONS } from './bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  ...COMMON_OPTIONS,
  // The CLI and the benchmark embed herald.yml as text (their default configuration).
  loader: { '.yml': 'text' },
};

// The configuration embedded in the Lambda bundles: herald.yml, or HERALD_CONFIG (the same
// variable deploy/config.cjs reads, so the deployed rules and the embedded routes agree). Named
// as given in messages, as `herald check <file>` and deploy/config.cjs name it.
const configName = process.env.HERALD_CONFIG ?? 'herald.yml';
const configFile = resolve(root, configName);
const functions = readdirSync(join(root, 'functions')).filter((file) => file.endsWith('.ts'));

// `--if-stale` (npm start): nothing to do when every bundle is newer than every source and was
// built with the same configuration file. A stamp records which one.
const STAMP = join(root, 'dist', '.build-stamp.json');
const SOURCES = ['functions', 'shared', 'cli', 'bench', 'scripts/build.mjs', 'scripts/bundle-options.mjs', 'package.json', 'package-lock.json', configFile];
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

/**
 * The configuration validated as `herald check` validates it (the code of shared/compile,
 * bundled on the fly as deploy/config.cjs does): the JSON data the Lambda bundles embed. An
 * invalid file ends the build with the messages of `herald check`, before anything is written.
 */
const validateConfig = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-validate-'));
  const outfile = join(dir, 'validate.js');
  try {
    await build({
      ...COMMON_OPTIONS,
      stdin: { contents: "export { ConfigError, formatIssue, validateConfigText } from './shared/compile';\n", resolveDir: root, sourcefile: 'validate-config.ts', loader: 'ts' },
      outfile,
      sourcemap: false,
      logLevel: 'silent',
    });
    const { ConfigError, formatIssue, validateConfigText } = createRequire(import.meta.url)(outfile);
    let text;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (error) {
      return { invalid: `${configName}: cannot read: ${error.message}` };
    }
    try {
      return { validated: validateConfigText(text, configName) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const errors = error.issues.filter((i) => i.level === 'error');
      return { invalid: `${configName} is invalid (${errors.length} error(s)); run \`npx herald check\`:\n${errors.map(formatIssue).join('\n')}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const EMBEDDED_MODULE = join(root, 'shared', 'compile', 'embedded.ts');

/**
 * shared/compile/embedded.ts, which validates herald.yml when it is loaded (under ts-jest),
 * replaced by the configuration validated above, as JSON (JSON.parse: V8 reads it faster than
 * the same object literal, and it can only hold data).
 */
const embedValidatedConfig = (validated) => ({
  name: 'herald-embedded-config',
  setup(build) {
    build.onLoad({ filter: /[\\/]shared[\\/]compile[\\/]embedded\.ts$/ }, (args) =>
      resolve(args.path) !== EMBEDDED_MODULE ? undefined : { contents: `export const EMBEDDED_CONFIG = JSON.parse(${JSON.stringify(JSON.stringify(validated))});\n`, loader: 'js' });
  },
});

/**
 * Packages a Lambda bundle must not contain: the YAML parser and the schema validator only
 * validate herald.yml, which the build has done. A runtime module that reaches one again (an
 * import of a module that builds a schema at load) fails the build, with the import chain.
 */
const BUILD_TIME_ONLY = ['zod', 'yaml'];

const packageOf = (input) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

/** The chain of imports from the entry point to `target`, from the metafile. */
const importChain = (metafile, entry, target) => {
  const parents = new Map([[entry, undefined]]);
  const queue = [entry];
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === target) break;
    for (const { path } of metafile.inputs[at]?.imports ?? []) {
      if (parents.has(path) || metafile.inputs[path] === undefined) continue;
      parents.set(path, at);
      queue.push(path);
    }
  }
  const chain = [];
  for (let at = target; at !== undefined; at = parents.get(at)) chain.unshift(at);
  return chain;
};

const assertRuntimeOnly = (file, metafile) => {
  const entry = Object.keys(metafile.inputs).find((input) => input.endsWith(`functions/${file}`));
  for (const output of Object.values(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      const name = packageOf(input);
      if (name === undefined || !BUILD_TIME_ONLY.includes(name)) continue;
      const chain = entry === undefined ? [input] : importChain(metafile, entry, input);
      throw new Error(`functions/${file}: the Lambda bundle must not contain ${name}, which only validates herald.yml at build time; imported through:\n  ${chain.join('\n  ')}`);
    }
  }
};

const { validated, invalid } = await validateConfig();
if (invalid !== undefined) {
  // The messages alone, as `herald check` prints them: no stack trace of this script.
  process.stderr.write(`${invalid}\n`);
  process.exit(1);
}

/**
 * Removes the files of dist/<function>/ that nothing loads: those of an earlier build (chunks are
 * named by their content, so an old one is never overwritten), and those esbuild writes for an
 * `import()` in code it then drops (an adapter the function does not use). Kept: index.js and
 * the chunks it requires, directly or through the chunks it loads (the rewritten files name
 * each as `require("./<chunk>.js")`), with their maps. Files are written in place and only the
 * unreachable removed, so that a packaging running meanwhile never misses one.
 */
const pruneUnreachableChunks = (outdir) => {
  const reached = new Set(['index.js']);
  for (const file of reached) {
    for (const [, chunk] of readFileSync(join(outdir, file), 'utf8').matchAll(/\brequire\("\.\/([^"/]+\.js)"\)/g)) reached.add(chunk);
  }
  for (const file of readdirSync(outdir)) {
    if (!reached.has(file.replace(/\.map$/, ''))) rmSync(join(outdir, file));
  }
};

/**
 * A Lambda function's bundle, dist/<function>/: index.js and, beside it, a chunk per code path
 * that starts with a dynamic `import()` (an SDK client loaded on the first call that needs it,
 * the SDK's credential providers other than the environment's), read only when that path first
 * runs. Whatever index.js and the chunks share sits in shared chunks, once. esbuild splits ESM
 * output only, and the handler, the tests and the benchmark load CommonJS: each file of the
 * split build is then rewritten as CommonJS, every `import()` a `require` (a built-in module or
 * a chunk: both are at hand), still strict code, the source maps carried through to the sources.
 */
const buildFunction = async (file) => {
  const name = basename(file, '.ts');
  const outdir = join(root, 'dist', name);
  const staging = mkdtempSync(join(tmpdir(), `herald-${name}-`));
  try {
    const { metafile } = await build({
      ...common,
      ...LAMBDA_OPTIONS,
      format: 'esm',
      splitting: true,
      entryPoints: { index: join(root, 'functions', file) },
      outdir: staging,
      chunkNames: '[name]-[hash]',
      plugins: [embedValidatedConfig(validated)],
      metafile: true,
    });
    assertRuntimeOnly(file, metafile);
    await build({
      ...LAMBDA_OPTIONS,
      bundle: false,
      entryPoints: readdirSync(staging).filter((output) => output.endsWith('.js')).map((output) => join(staging, output)),
      outdir,
      format: 'cjs',
      supported: { 'dynamic-import': false },
      // ES modules are strict code; a CommonJS file is only when it says so.
      banner: { js: '"use strict";' },
    });
    pruneUnreachableChunks(outdir);
    if (process.argv.includes('--metafile')) {
      mkdirSync(join(root, 'dist', 'meta'), { recursive: true });
      writeFileSync(join(root, 'dist', 'meta', `${name}.json`), JSON.stringify(metafile));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
};

await Promise.all([
  ...functions.map(buildFunction),
  build({ ...common, entryPoints: [join(root, 'cli', 'herald.ts')], outfile: join(root, 'dist', 'cli', 'herald.js') }),
  // dynalite's LevelDB binding is a native addon found beside its package: load it from node_modules.
  build({ ...common, entryPoints: [join(root, 'bench', 'index.ts')], outfile: join(root, 'dist', 'bench', 'index.js'), external: ['dynalite'] }),
]);

mkdirSync(dirname(STAMP), { recursive: true });
writeFileSync(STAMP, `${JSON.stringify({ config: configFile })}\n`);
