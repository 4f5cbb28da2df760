// `npm run bench`: throughput figures measured in one run, as ratios against a baseline
// measured in the same run, so they compare across machines. `-- --json` prints one JSON
// object on the last line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent } from '../shared/events';
import { normalizeEvent } from '../shared/normalize';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'events');

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));

/** Runs `fn` over the corpus until at least `minMs` passed; returns events per second. */
const measure = (corpus: readonly unknown[], fn: (event: unknown) => unknown, minMs = 1500): number => {
  for (let i = 0; i < 2000; i++) fn(corpus[i % corpus.length]); // warm up the JIT
  let events = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  let sink = 0;
  while (elapsedMs < minMs) {
    for (const event of corpus) {
      if (fn(event) !== undefined) sink++;
    }
    events += corpus.length;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  if (sink < 0) console.log(sink);
  return (events / elapsedMs) * 1000;
};

const corpus = walk(FIXTURES).map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);

// Baseline: a JSON round trip of each event, the least any consumer of the event pays.
const baseline = measure(corpus, (event) => JSON.parse(JSON.stringify(event)));
const pipeline = measure(corpus, (event) => {
  const parsed = parseEvent(event);
  return parsed.ok ? normalizeEvent(parsed.event) : parsed.error;
});

const figures = {
  corpusEvents: corpus.length,
  jsonRoundTripPerSec: Math.round(baseline),
  normalizePerSec: Math.round(pipeline),
  normalizeVsJsonRoundTrip: Number((pipeline / baseline).toFixed(3)),
};

console.log('ecs-herald benchmarks (single core, events per second)\n');
console.log(`${'stage'.padEnd(34)}${'events/s'.padStart(12)}${'ratio'.padStart(9)}`);
console.log(`${'baseline: JSON round trip'.padEnd(34)}${String(figures.jsonRoundTripPerSec).padStart(12)}${'1.000'.padStart(9)}`);
console.log(`${'parse + normalize'.padEnd(34)}${String(figures.normalizePerSec).padStart(12)}${figures.normalizeVsJsonRoundTrip.toFixed(3).padStart(9)}`);
if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
