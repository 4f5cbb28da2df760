process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true"; // the machines run Node.js 20: a known, noisy warning
// `npm run bench`: what the deployed router costs, measured in one run, with ratios against
// baselines measured in the same run so they compare across machines: bundle sizes, cold
// starts against a minimal SNS forwarder, routing throughput, DynamoDB requests per event, and
// the cost of a million events. `-- --json` prints one JSON object on the last line.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleSize } from './bundles';
import { benchColdStarts } from './cold-start';
import { costPerMillionEvents, readRouterDeployment } from './costs';
import { benchFirstAlert } from './first-alert';
import { GOALS, meetsGoal } from './goals';
import { startDynaliteProcess } from './local-dynamo';
import { benchNoiseStorm } from './noise';
import { PRICES } from './prices';
import { benchReplay } from './replay';
import { formatSpread, rounded, type Spread } from './stats';
import { benchStorm } from './storm';
import { benchThroughput, loadCorpus } from './throughput';

const ROOT = process.cwd();

/** `--name N` on the command line, if given. */
const numberArgument = (name: string): number | undefined => {
  const at = process.argv.indexOf(name);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`${name} takes a positive whole number`);
  return value;
};

const goalOf = (key: string): string => {
  const goal = GOALS.find((g) => g.key === key);
  return goal === undefined ? '' : ` (goal ${goal.shown})`;
};

const printThroughput = (): ReturnType<typeof benchThroughput>['figures'] => {
  const { figures, spreads } = benchThroughput(loadCorpus(join(ROOT, 'test', 'fixtures', 'events')));
  const row = (name: string, spread: Spread, ratio: string): string =>
    `${name.padEnd(34)}${String(Math.round(spread.median)).padStart(10)}  ${`${Math.round(spread.p25)}-${Math.round(spread.p75)}`.padEnd(17)}${ratio}`;
  console.log(`\nthroughput per second of CPU time, ${figures.corpusEvents} fixture events: median of ${figures.throughputSamples} interleaved samples per figure`);
  console.log(`${'stage'.padEnd(34)}${'per s'.padStart(10)}  ${'p25-p75'.padEnd(17)}ratio to the baseline, per round`);
  console.log(row('baseline: JSON round trip', spreads.rates.json, '1.000'));
  console.log(row('parse + normalize', spreads.rates.normalize, formatSpread(spreads.normalizeVsJson, 3)));
  console.log('routing alone (pre-normalized alerts):');
  console.log(row('  10 routes', spreads.rates.routes10, ''));
  console.log(row('  100 routes', spreads.rates.routes100, ''));
  console.log(row('  1,000 routes', spreads.rates.routes1000, goalOf('routesPerSec1000').trim()));
  console.log(`routeScaling (time per alert at 1,000 routes / at 10, per round): ${formatSpread(spreads.routeScaling, 3)}${goalOf('routeScaling')}`);
  return figures;
};

const printBundles = () => {
  const router = bundleSize(join(ROOT, 'dist', 'router'));
  const digest = bundleSize(join(ROOT, 'dist', 'digest'));
  const forwarder = bundleSize(join(ROOT, 'dist', 'bench', 'forwarder'));
  console.log('bundles (minified, herald.yml embedded; source maps left out)');
  console.log(`  router    index.js ${router.entryBytes} bytes${router.chunks > 0 ? `; with its ${router.chunks} chunk files ${router.withChunksBytes} (what a cold start loads: below)` : ''}`);
  console.log(`  digest    index.js ${digest.entryBytes} bytes${digest.chunks > 0 ? `; with its ${digest.chunks} chunk files ${digest.withChunksBytes}` : ''}`);
  console.log(`  forwarder ${forwarder.entryBytes} bytes (the minimal SNS forwarder, built now with the same esbuild settings)`);
  return { bundleEntryBytes: router.entryBytes, bundleBytesWithChunks: router.withChunksBytes, digestBundleBytes: digest.entryBytes, digestBundleBytesWithChunks: digest.withChunksBytes, forwarderBundleBytes: forwarder.entryBytes };
};

const main = async (): Promise<void> => {
  // The forwarder and the cold-start probe, built in this run (esbuild, LAMBDA_OPTIONS).
  execFileSync(process.execPath, [join(ROOT, 'bench', 'build-comparison.mjs')], { stdio: 'inherit' });
  const deployment = readRouterDeployment(join(ROOT, 'serverless.yml'));
  if (deployment.architecture !== 'arm64') throw new Error(`serverless.yml deploys the router on ${deployment.architecture}; the bench prices arm64 only (bench/prices.ts)`);
  console.log('ecs-herald benchmarks\n');
  const bundles = printBundles();
  const throughput = printThroughput();

  const dynamo = await startDynaliteProcess();
  try {
    const cold = await benchColdStarts({ root: ROOT, dynamo, nodeOptions: deployment.nodeOptions, memoryMb: deployment.memoryMb });
    const { spreads: s } = cold;
    console.log(`\ncold starts: ${cold.figures.coldProcesses} fresh node processes each, router and forwarder taking turns; NODE_OPTIONS=${deployment.nodeOptions || '(none)'} as serverless.yml sets; ms inside the process`);
    console.log(`  module load       router ${formatSpread(s.routerLoad, 1)}`);
    console.log(`                    forwarder ${formatSpread(s.forwarderLoad, 1)}`);
    console.log(`  loadRatio, per pair: ${formatSpread(s.loadRatio)}${goalOf('loadRatio')}`);
    console.log(`  code loaded       router ${cold.figures.routerLoadedBytes} bytes${goalOf('bundleBytes')}; forwarder ${cold.figures.forwarderLoadedBytes} bytes`);
    console.log(`  first invocation  router ${formatSpread(s.routerInvoke, 1)} (OOM kill: DynamoDB, ECS, Logs, SNS on loopback, fresh table)`);
    console.log(`                    forwarder ${formatSpread(s.forwarderInvoke, 1)} (one SNS publish)`);
    console.log(`  firstInvokeRatio, per pair: ${formatSpread(s.firstInvokeRatio)}`);

    const firstAlert = await benchFirstAlert(dynamo);
    const enrich = await benchStorm();
    const noise = await benchNoiseStorm({ dynamo, memoryMb: deployment.memoryMb });

    const cost = costPerMillionEvents(noise.usage);
    const costPerMillionUsd = rounded(cost.totalUsd, 3);
    console.log(`\ncost of a million events in the noise storm's mix (us-east-1 list prices, bench/prices.ts; measured above, scaled)`);
    for (const line of cost.lines) {
      console.log(`  ${line.component.padEnd(40)}${line.quantity.toFixed(line.quantity < 10 ? 3 : 0).padStart(14)} ${line.unit.padEnd(9)} $${line.usd.toFixed(4)}`);
    }
    console.log(`  ${'total'.padEnd(64)} $${cost.totalUsd.toFixed(4)}${goalOf('costPerMillionUsd')}`);
    const perExtraMs = (1e6 / 1000) * (deployment.memoryMb / 1024) * PRICES.lambdaArmGbSecond;
    console.log(`  (each millisecond more per invocation, e.g. DynamoDB's own latency, which loopback leaves out: +$${perExtraMs.toFixed(4)})`);

    const replayEvents = numberArgument('--replay-events') ?? 1_000_000;
    console.log(`\nherald replay --json --no-outbox of ${replayEvents.toLocaleString('en-US')} generated events (a second apart, each task and container instance a new one), one run`);
    const replay = await benchReplay({ events: replayEvents });
    console.log(`  baseline (read, parse, write back each line)  ${replay.jsonLinesPerSec.toLocaleString('en-US')} lines/s`);
    console.log(`  herald replay                                  ${replay.replayEventsPerSec.toLocaleString('en-US')} events/s${goalOf('replayEventsPerSec')}, peak resident memory ${replay.replayPeakRssMb} MB${goalOf('replayPeakRssMb')}`);
    console.log(`  replayVsJsonLines (replay time / baseline time): ${replay.replayVsJsonLines}`);

    const figures: Record<string, unknown> = {
      ...throughput,
      ...bundles,
      // What a cold start parses: index.js and the chunks it requires at once.
      bundleBytes: cold.figures.routerLoadedBytes,
      ...cold.figures,
      ...firstAlert,
      ...enrich,
      ...noise.figures,
      costPerMillionUsd,
      costBreakdownUsd: Object.fromEntries(cost.lines.map((l) => [l.component, rounded(l.usd, 4)])),
      ...replay,
    };
    console.log('\ngoals');
    const goalsMet: Record<string, boolean> = {};
    for (const goal of GOALS) {
      const value = figures[goal.key];
      const met = meetsGoal(goal, typeof value === 'number' ? value : undefined);
      goalsMet[goal.key] = met;
      console.log(`  ${goal.key.padEnd(28)}${String(value).padStart(12)}  ${goal.shown.padEnd(26)}${met ? 'met' : 'NOT MET'}  ${goal.label}`);
    }
    if (process.argv.includes('--json')) console.log(JSON.stringify({ ...figures, goalsMet }));
  } finally {
    await dynamo.close();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
