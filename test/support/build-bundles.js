// Jest global setup: the Lambda bundles the scenario tests (test/scenarios) run.
//
// They run the output of `scripts/build.mjs` (dist/<function>/: index.js, with a herald.yml
// embedded, and the chunks it loads), copied aside before any test starts: other tests rebuild dist/ while the suite
// runs (test/deploy/package.test.ts packages the stack with test configurations, and packaging
// rebuilds), and a scenario must neither read a half-written bundle nor one that embeds another
// herald.yml. Two sets: the repository's herald.yml (dist/.scenarios/, whose actions are dry
// runs), a configuration with live actions (dist/.scenarios-live/) and one in central mode
// (dist/.scenarios-central/). The copies are made
// again whenever a source the bundles are built from is newer than them, so no scenario ever
// runs a stale bundle, under `npm test` or `npx jest test/scenarios`. Costs a directory walk
// when fresh.
const { execFileSync } = require('node:child_process');
const { cpSync, existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');
/** What scripts/build.mjs bundles into dist/<function>/index.js, whatever configuration it embeds. */
// package.json: its `sideEffects` decides what esbuild may leave out.
const SOURCES = ['functions', 'shared', 'scripts/build.mjs', 'scripts/bundle-options.mjs', 'package.json', 'package-lock.json'];
const FUNCTIONS = ['router', 'digest', 'remediator'];
/**
 * Where the scenarios load each set from (test/support/lambda.ts, BUNDLES), and the herald.yml
 * it embeds (`HERALD_CONFIG`, as scripts/build.mjs reads it; unset: the repository's). The
 * repository's set is built last, so dist/ is left as `npm run build` leaves it.
 */
const SETS = [
  { snapshot: join(ROOT, 'dist', '.scenarios-live'), config: 'test/fixtures/config/remediation-live.yml' },
  { snapshot: join(ROOT, 'dist', '.scenarios-central'), config: 'test/fixtures/config/central-scenario.yml' },
  { snapshot: join(ROOT, 'dist', '.scenarios'), config: 'herald.yml' },
];

const newestChange = (path) => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
};

/** When the set was last copied (the oldest of its copies), or -Infinity when one is missing. */
const copiedAt = ({ snapshot }) => {
  const copies = FUNCTIONS.map((name) => join(snapshot, name, 'index.js'));
  return copies.every((copy) => existsSync(copy)) ? Math.min(...copies.map((copy) => statSync(copy).mtimeMs)) : Number.NEGATIVE_INFINITY;
};

module.exports = async () => {
  const sources = Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))));
  if (SETS.every((set) => Math.max(sources, newestChange(join(ROOT, set.config))) <= copiedAt(set))) return;
  // Both sets, one after the other: they share dist/, and a stale source is stale for both.
  const { HERALD_CONFIG: _ignored, ...env } = process.env;
  for (const set of SETS) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, env: { ...env, HERALD_CONFIG: set.config }, stdio: 'inherit' });
    for (const name of FUNCTIONS) {
      // The whole directory, as packaged: chunks are named by their content, old ones must go.
      rmSync(join(set.snapshot, name), { recursive: true, force: true });
      cpSync(join(ROOT, 'dist', name), join(set.snapshot, name), { recursive: true });
    }
  }
};
