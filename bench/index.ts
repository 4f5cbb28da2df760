process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"; // the machines run Node.js 20: a known, noisy warning
// `npm run bench`: throughput figures measured in one run, with ratios against baselines
// measured in the same run, so they compare across machines. `-- --json` prints one JSON
// object on the last line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent } from '../shared/events';
import { normalizeEvent } from '../shared/normalize';
import { eventsPerSecond } from './measure';
import { benchNoiseStorm } from './noise';
import { benchRouting } from './routing';
import { benchStorm } from './storm';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'events');

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));

const corpus = walk(FIXTURES).map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);

// Baseline: a JSON round trip of each event, the least any consumer of the event pays.
const baseline = eventsPerSecond(corpus, (event) => JSON.parse(JSON.stringify(event)));
const normalize = eventsPerSecond(corpus, (event) => {
  const parsed = parseEvent(event);
  return parsed.ok ? normalizeEvent(parsed.event) : parsed.error;
});
const routing = benchRouting(corpus);
const perSec = (routes: number) => routing.find((r) => r.routes === routes)?.perSec ?? 0;

const figures = {
  corpusEvents: corpus.length,
  jsonRoundTripPerSec: Math.round(baseline),
  normalizePerSec: Math.round(normalize),
  normalizeVsJsonRoundTrip: Number((normalize / baseline).toFixed(3)),
  routesPerSec10: Math.round(perSec(10)),
  routesPerSec100: Math.round(perSec(100)),
  routesPerSec1000: Math.round(perSec(1000)),
  // Time per event at 1,000 routes over time per event at 10 routes (goal: at most 2).
  routeScaling: Number((perSec(10) / perSec(1000)).toFixed(3)),
};

const row = (name: string, value: number, ratio: string) => `${name.padEnd(40)}${String(value).padStart(12)}${ratio.padStart(10)}`;
console.log('ecs-herald benchmarks (single core, events per second, fixture corpus)\n');
console.log(`${'stage'.padEnd(40)}${'events/s'.padStart(12)}${'ratio'.padStart(10)}`);
console.log(row('baseline: JSON round trip', figures.jsonRoundTripPerSec, '1.000'));
console.log(row('parse + normalize', figures.normalizePerSec, figures.normalizeVsJsonRoundTrip.toFixed(3)));
console.log('');
console.log(`${'parse + normalize + route'.padEnd(40)}${'events/s'.padStart(12)}${'vs 10'.padStart(10)}`);
for (const { routes, perSec: value } of routing) {
  console.log(row(`  ${routes} routes`, Math.round(value), (perSec(10) / value).toFixed(3)));
}
console.log(`\nrouteScaling (time at 1,000 routes / time at 10): ${figures.routeScaling} (goal <= 2)`);
console.log(`routesPerSec1000: ${figures.routesPerSec1000} (goal >= 50000)`);
// The storms run loopback servers, so they are asynchronous (no top-level await in the CJS
// bundle); one after the other, so neither's timing includes the other's.
const runStorms = async () => {
  const enrich = await benchStorm();
  const noise = await benchNoiseStorm();
  return { ...enrich, ...noise };
};
runStorms().then(
  (storms) => {
    if (process.argv.includes('--json')) console.log(JSON.stringify({ ...figures, ...storms }));
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
