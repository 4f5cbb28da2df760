// Jest transform: a .yml import is its text, as esbuild's text loader makes it in bundles.
module.exports = {
  process(source) {
    return { code: `module.exports = { __esModule: true, default: ${JSON.stringify(source)} };` };
  },
};
