// Jest global setup: the Lambda bundles the scenario tests (test/scenarios) run.
//
// They run the output of `scripts/build.mjs` (dist/router/index.js, dist/digest/index.js with
// the repository's herald.yml embedded), copied to dist/.scenarios/ before any test starts:
// other tests rebuild dist/ while the suite runs (test/deploy/package.test.ts packages the
// stack with test configurations, and packaging rebuilds), and a scenario must neither read
// a half-written bundle nor one that embeds another herald.yml. The copy is made again
// whenever a source the bundles are built from is newer than it, so no scenario ever runs a
// stale bundle, under `npm test` or `npx jest test/scenarios`. Costs a directory walk when fresh.
const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
/** What scripts/build.mjs bundles into dist/<function>/index.js (herald.yml is embedded). */
const SOURCES = ['functions', 'shared', 'herald.yml', 'scripts/build.mjs', 'package-lock.json'];
const FUNCTIONS = ['router', 'digest'];
/** Where the scenarios load the bundles from (test/support/lambda.ts, BUNDLES). */
const SNAPSHOT = join(ROOT, 'dist', '.scenarios');

const newestChange = (path) => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
};

module.exports = async () => {
  const copies = FUNCTIONS.map((name) => join(SNAPSHOT, name, 'index.js'));
  const copiedAt = copies.every((copy) => existsSync(copy)) ? Math.min(...copies.map((copy) => statSync(copy).mtimeMs)) : Number.NEGATIVE_INFINITY;
  if (Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source)))) <= copiedAt) return;
  // The repository's herald.yml, whatever HERALD_CONFIG the shell has.
  const { HERALD_CONFIG: _ignored, ...env } = process.env;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, env, stdio: 'inherit' });
  for (const name of FUNCTIONS) {
    mkdirSync(join(SNAPSHOT, name), { recursive: true });
    for (const file of ['index.js', 'index.js.map']) copyFileSync(join(ROOT, 'dist', name, file), join(SNAPSHOT, name, file));
  }
};
