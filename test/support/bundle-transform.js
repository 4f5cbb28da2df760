// Jest transform for the built Lambda bundles (dist/.scenarios/<function>/index.js), which
// the scenario tests load as Lambda does. Jest runs modules in a vm context that cannot take
// a dynamic `import()` unless node runs with --experimental-vm-modules, and the bundled AWS
// SDK imports `node:http` (and `node:async_hooks`) that way, lazily. For a built-in module
// the import and a `require` give the same module, so each such import becomes a require
// wrapped as an import's namespace (`default` is the module). Any other dynamic import fails
// the transform: it would need real thought, not a rewrite.
const DYNAMIC_IMPORT = /\bimport\(\s*("[^"]*"|'[^']*'|[^)]*)\s*\)/g;

module.exports = {
  process(source, path) {
    const code = source.replace(DYNAMIC_IMPORT, (text, specifier) => {
      if (!/^["']node:[a-z_/]+["']$/.test(specifier)) {
        throw new Error(`${path}: cannot load ${text} in jest; only built-in modules are rewritten (test/support/bundle-transform.js)`);
      }
      return `Promise.resolve().then(() => { const m = require(${specifier}); return { __proto__: m, default: m }; })`;
    });
    return { code };
  },
};
