// esbuild bundles YAML files as text (scripts/build.mjs: loader '.yml': 'text'); jest does
// the same through test/support/text-transform.js.
declare module '*.yml' {
  const text: string;
  export default text;
}
