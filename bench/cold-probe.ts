// One cold process, as a new Lambda execution environment: loads a bundle (module scope runs:
// the SDK clients, the compiled herald.yml), then, when given an event, invokes its handler
// once. Each is timed inside the process, so Node.js's own start-up, the same for every
// bundle, is left out. The figures go to file descriptor 3: the handler logs to stdout.
// Usage: node dist/bench/cold-probe.js <bundle> [<event.json> <function name>]
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lambdaContext } from '../test/support/lambda';

/** What the probe reports, one JSON line on fd 3. */
export interface ColdProbeResult {
  loadMs: number;
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
  if (event === undefined) return { loadMs };
  if (typeof loaded.handler !== 'function') return { loadMs, error: `${bundle} exports no handler` };
  const handler = loaded.handler as (event: unknown, context: unknown) => Promise<unknown>;
  const invokeStarted = performance.now();
  await handler(event, lambdaContext(functionName, 'cold-probe-1', performance.now() + TIMEOUT_MS));
  return { loadMs, invokeMs: performance.now() - invokeStarted };
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
