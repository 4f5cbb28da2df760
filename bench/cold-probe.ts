// One cold process, as a new Lambda execution environment: loads a bundle (module scope runs:
// the SDK clients, the compiled herald.yml), then, when given an event, invokes its handler
// once. Each is timed inside the process, so Node.js's own start-up, the same for every
// bundle, is left out. The figures go to file descriptor 3: the handler logs to stdout.
// Usage: node dist/bench/cold-probe.js <bundle> [<event.json> <function name>]
import { readFileSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lambdaContext } from '../test/support/lambda';

/** What the probe reports, one JSON line on fd 3. */
export interface ColdProbeResult {
  loadMs: number;
  /** Bytes of the bundle's JavaScript files loading it evaluated (index.js and the chunks it requires at once). */
  loadedBytes?: number;
  /** The first invocation's duration; absent when no event was given. */
  invokeMs?: number;
  /** What loading or the handler threw. */
  error?: string;
}

/** The function's timeout (serverless.yml) for `getRemainingTimeInMillis`. */
const TIMEOUT_MS = 120_000;

const probe = async (): Promise<ColdProbeResult> => {
  const [bundle, eventFile, functionName = 'bench'] = process.argv.slice(2);
  if (bundle === undefined) throw new Error('usage: cold-probe <bundle> [<event.json> <function name>]');
  const load = createRequire(resolve(bundle));
  const event = eventFile === undefined ? undefined : (JSON.parse(readFileSync(eventFile, 'utf8')) as unknown);
  const loadStarted = performance.now();
  const loaded = load(resolve(bundle)) as { handler?: unknown };
  const loadMs = performance.now() - loadStarted;
  // What a cold start parsed: the bundle's files in the module cache (chunks loaded later on
  // the first call that needs them are not there yet).
  const dir = `${dirname(resolve(bundle))}${sep}`;
  const loadedBytes = Object.keys(load.cache)
    .filter((file) => file.startsWith(dir) && file.endsWith('.js'))
    .reduce((sum, file) => sum + statSync(file).size, 0);
  if (event === undefined) return { loadMs, loadedBytes };
  if (typeof loaded.handler !== 'function') return { loadMs, loadedBytes, error: `${bundle} exports no handler` };
  const handler = loaded.handler as (event: unknown, context: unknown) => Promise<unknown>;
  const invokeStarted = performance.now();
  await handler(event, lambdaContext(functionName, 'cold-probe-1', performance.now() + TIMEOUT_MS));
  return { loadMs, loadedBytes, invokeMs: performance.now() - invokeStarted };
};

probe().then(
  (result) => {
    writeSync(3, `${JSON.stringify(result)}\n`);
    // The SDK's kept-alive sockets would hold the process open; Lambda freezes it instead.
    process.exit(0);
  },
  (error: unknown) => {
    writeSync(3, `${JSON.stringify({ loadMs: Number.NaN, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })}\n`);
    process.exit(1);
  },
);
