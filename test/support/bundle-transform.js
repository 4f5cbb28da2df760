// Jest transform for the built Lambda bundles (dist/.scenarios/<function>/*.js: index.js and
// its chunks), which the scenario tests load as Lambda does.
//
// Chunks: each `require("./<chunk>.js")` goes through test/support/bundle-environment.ts, so
// that a chunk first required when an event needs it belongs to the execution environment that
// required it, as in Lambda, not to jest's main module registry (see there why). The
// environment is the one loading when the file is evaluated: coldStart's, or a later chunk's.
//
// Dynamic imports: scripts/build.mjs rewrites every `import()` as a `require`. Jest runs
// modules in a vm context that cannot take a dynamic `import()` unless node runs with
// --experimental-vm-modules: should one of a built-in module remain, it becomes a require
// wrapped as an import's namespace (`default` is the module), the same module for a built-in;
// any other fails the transform: it would need real thought, not a rewrite.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const DYNAMIC_IMPORT = /\bimport\(\s*("[^"]*"|'[^']*'|[^)]*)\s*\)/g;
const CHUNK_REQUIRE = /\brequire\(("\.\/[^"/]+\.js")\)/g;
const ENVIRONMENT = JSON.stringify(join(__dirname, 'bundle-environment.ts'));

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha256').update(readFileSync(__filename)).update(readFileSync(join(__dirname, 'bundle-environment.ts'))).update(path).update(source).digest('hex');
  },
  process(source, path) {
    const code = source
      .replace(DYNAMIC_IMPORT, (text, specifier) => {
        if (!/^["']node:[a-z_/]+["']$/.test(specifier)) {
          throw new Error(`${path}: cannot load ${text} in jest; only built-in modules are rewritten (test/support/bundle-transform.js)`);
        }
        return `Promise.resolve().then(() => { const m = require(${specifier}); return { __proto__: m, default: m }; })`;
      })
      .replace(CHUNK_REQUIRE, (_, specifier) => `__heraldChunk(${specifier})`);
    // First, while the file's environment loads, after the "use strict" directive (which must
    // stay the first statement), on the first line: lines keep their numbers (positions within
    // a line shift, as with the rewrites above).
    const strict = /^"use strict";/.exec(code)?.[0] ?? '';
    return { code: `${strict}var __heraldChunk = require(${ENVIRONMENT}).chunkRequire(require, __dirname, jest);${code.slice(strict.length)}` };
  },
};
