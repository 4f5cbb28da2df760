// Single-core throughput on the fixture corpus, interleaved samples: parse + normalize against
// a JSON round trip of the same events (the least any consumer of an event pays), and routing
// alone, on alerts normalized beforehand, at 10, 100 and 1,000 routes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent } from '../shared/events';
import { normalizeEvent } from '../shared/normalize';
import { rateSampler, sampleInterleaved } from './measure';
import { routingSamplers, type RoutingInput } from './routing';
import { pairedRatios, rounded, type Spread, summarize } from './stats';

/** Samples per figure, and how long each runs. */
const ROUNDS = 21;
const SAMPLE_MS = 100;
/** Parse + normalize needs about two seconds of CPU time to reach its steady speed (the JIT tiers its many paths up): less, and the first rounds measure the warm-up. */
const WARM_UP_MS = 2000;

/** What {@link benchThroughput} adds to the `--json` figures: rates (per CPU second) and ratios are medians. */
export interface ThroughputFigures {
  corpusEvents: number;
  jsonRoundTripPerSec: number;
  normalizePerSec: number;
  /** Parse + normalize rate over the JSON round trip's, per round. */
  normalizeVsJsonRoundTrip: number;
  /** Alerts routed per second (routing alone) at 10, 100 and 1,000 routes. */
  routesPerSec10: number;
  routesPerSec100: number;
  routesPerSec1000: number;
  /** Time per alert at 1,000 routes over time per alert at 10, per round. */
  routeScaling: number;
  throughputSamples: number;
}

/** A figure's samples, summarized, for printing. */
export interface ThroughputSpreads {
  rates: Record<'json' | 'normalize' | 'routes10' | 'routes100' | 'routes1000', Spread>;
  /** Per-round ratios: normalize / JSON, and time at 1,000 routes / time at 10. */
  normalizeVsJson: Spread;
  routeScaling: Spread;
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []));

/** Every fixture event of `fixturesDir` (test/fixtures/events), raw. */
export const loadCorpus = (fixturesDir: string): unknown[] => walk(fixturesDir).map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);

/** The corpus events that parse, normalized once: what the route stage receives. */
const normalizedInputs = (corpus: readonly unknown[]): RoutingInput[] =>
  corpus.flatMap((event) => {
    const parsed = parseEvent(event);
    return parsed.ok ? [{ alert: normalizeEvent(parsed.event), event }] : [];
  });

/** Samples every figure {@link ROUNDS} times, interleaved; medians for `--json`, spreads for the table. */
export const benchThroughput = (corpus: readonly unknown[]): { figures: ThroughputFigures; spreads: ThroughputSpreads } => {
  const samples = sampleInterleaved(
    {
      json: rateSampler(corpus, (event) => JSON.parse(JSON.stringify(event)), SAMPLE_MS, WARM_UP_MS),
      normalize: rateSampler(corpus, (event) => {
        const parsed = parseEvent(event);
        return parsed.ok ? normalizeEvent(parsed.event) : parsed.error;
      }, SAMPLE_MS, WARM_UP_MS),
      ...routingSamplers(normalizedInputs(corpus), SAMPLE_MS, WARM_UP_MS),
    },
    ROUNDS,
  );
  const rates = {
    json: summarize(samples.json),
    normalize: summarize(samples.normalize),
    routes10: summarize(samples.routes10),
    routes100: summarize(samples.routes100),
    routes1000: summarize(samples.routes1000),
  };
  // Ratios are the median of each round's own ratio: the two samples of a round ran within a
  // fraction of a second of each other, so a slow stretch of the machine cancels out.
  const normalizeVsJson = summarize(pairedRatios(samples.normalize, samples.json));
  const routeScaling = summarize(pairedRatios(samples.routes10, samples.routes1000));
  const figures: ThroughputFigures = {
    corpusEvents: corpus.length,
    jsonRoundTripPerSec: Math.round(rates.json.median),
    normalizePerSec: Math.round(rates.normalize.median),
    normalizeVsJsonRoundTrip: rounded(normalizeVsJson.median, 3),
    routesPerSec10: Math.round(rates.routes10.median),
    routesPerSec100: Math.round(rates.routes100.median),
    routesPerSec1000: Math.round(rates.routes1000.median),
    routeScaling: rounded(routeScaling.median, 3),
    throughputSamples: ROUNDS,
  };
  return {
    figures,
    spreads: { rates, normalizeVsJson, routeScaling },
  };
};
