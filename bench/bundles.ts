// Bundle sizes, as deployed: what Lambda downloads and Node.js parses at a cold start.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A bundle's entry file and, when esbuild split it, the chunk files loaded beside it. */
export interface BundleSize {
  /** Bytes of `index.js`. */
  entryBytes: number;
  /** Bytes of every JavaScript file of the bundle's directory (entry and chunks; source maps left out). */
  withChunksBytes: number;
  /** The JavaScript files beside `index.js`. */
  chunks: number;
}

const JAVASCRIPT = /\.(c|m)?js$/;

/** JavaScript files under `dir`, recursively. */
const javascriptFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? javascriptFiles(path) : JAVASCRIPT.test(name) ? [path] : [];
  });

/** The size of the bundle in `dir` (dist/<function>); throws when `index.js` is missing. */
export const bundleSize = (dir: string): BundleSize => {
  const entry = join(dir, 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  const files = javascriptFiles(dir);
  return {
    entryBytes: statSync(entry).size,
    withChunksBytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    chunks: files.length - 1,
  };
};
