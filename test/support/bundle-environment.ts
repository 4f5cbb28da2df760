// Which execution environment a file of a built Lambda bundle belongs to, when jest loads it
// (test/support/bundle-transform.js routes every chunk a bundle file requires through here).
//
// A bundle is index.js and chunks beside it (scripts/build.mjs): those index.js needs at start-up,
// required as it loads, and those first required later, when an event needs them (an SDK
// client's). coldStart (test/support/lambda.ts) loads index.js in a module registry of its own,
// a new execution environment; but jest's isolation ends when coldStart returns, and a chunk
// required later would land in jest's main registry, which every environment shares, with a
// second copy of the shared chunks it requires. Here each environment keeps the exports of its
// files, and a chunk first required later loads in an isolation of its own, its requires of
// files the environment has loaded resolved to those: one copy per environment, as in Lambda.
import { join } from 'node:path';

/** The exports of an environment's files, by path. */
type Environment = Map<string, unknown>;

/** The environment being loaded: set during a synchronous load only. */
const LOADING = Symbol.for('ecs-herald.bundle-environment');

const loading = (): Environment | undefined => (globalThis as { [LOADING]?: Environment })[LOADING];

const withEnvironment = <T>(environment: Environment, load: () => T): T => {
  const global = globalThis as { [LOADING]?: Environment };
  const previous = global[LOADING];
  global[LOADING] = environment;
  try {
    return load();
  } finally {
    global[LOADING] = previous;
  }
};

/** Runs `load` (coldStart's require of index.js, in `jest.isolateModules`) as a new environment. */
export const loadEnvironment = <T>(load: () => T): T => withEnvironment(new Map(), load);

/**
 * The `require` of chunks for a bundle file being loaded: a chunk its environment has loaded,
 * else loaded now (while the environment loads), else loaded in an isolation of its own.
 */
export const chunkRequire = (requireFile: (specifier: string) => unknown, dir: string, jestObject: typeof jest): ((specifier: string) => unknown) => {
  const environment = loading();
  if (environment === undefined) throw new Error(`${dir}: a bundle file loaded outside coldStart (test/support/lambda.ts)`);
  return (specifier) => {
    const file = join(dir, specifier);
    if (environment.has(file)) return environment.get(file);
    let exports: unknown;
    if (loading() === environment) exports = requireFile(specifier);
    else withEnvironment(environment, () => jestObject.isolateModules(() => (exports = requireFile(specifier))));
    environment.set(file, exports);
    return exports;
  };
};
