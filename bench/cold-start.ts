// Cold starts: the router's bundle against a minimal SNS forwarder built in the same run with
// the same esbuild settings, each in fresh `node` processes, router and forwarder taking turns
// (A, B, A, B...) so a slow stretch of the machine falls on both. Each process loads its bundle
// (timed inside the process: Node.js's own start-up, the same for both, would only dilute the
// ratio and add the noise of spawning a process) and then handles one event (timed): the
// router an OOM kill against loopback DynamoDB, SNS, ECS and CloudWatch Logs, on a table of
// its own so every run is a first alert; the forwarder publishing it to the loopback SNS.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oomEvent from '../test/fixtures/events/ecs-task/stopped-oom.json';
import { startLocalEcs } from '../test/support/local-ecs';
import { startLocalLogs } from '../test/support/local-logs';
import { startLocalSns } from '../test/support/local-sns';
import type { ColdProbeResult } from './cold-probe';
import type { DynamoProcess } from './local-dynamo';
import { pairedRatios, rounded, type Spread, summarize } from './stats';

/** Cold processes per bundle, after one discarded pair (the first reads the files from disk). */
const ROUNDS = 17;
const REGION = 'us-west-2';
const ACCOUNT = '111122223333';
const ONCALL_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:ecs-herald-oncall`;
const FORWARD_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:ecs-events`;
/** A probe that has not reported by then is stuck: stopped, and the run fails. */
const PROBE_TIMEOUT_MS = 60_000;

/** What {@link benchColdStarts} adds to the `--json` figures (medians). */
export interface ColdStartFigures {
  /** Router module load over the forwarder's, per pair of processes. */
  loadRatio: number;
  /** Router first invocation over the forwarder's, per pair of processes. */
  firstInvokeRatio: number;
  routerLoadMs: number;
  forwarderLoadMs: number;
  routerFirstInvokeMs: number;
  forwarderFirstInvokeMs: number;
  coldProcesses: number;
  /** Bytes of the router's JavaScript a cold start loads (index.js and the chunks it requires at once). */
  routerLoadedBytes: number;
  /** The same for the forwarder. */
  forwarderLoadedBytes: number;
}

/** The samples behind the figures, summarized, for printing. */
export interface ColdStartSpreads {
  routerLoad: Spread;
  forwarderLoad: Spread;
  routerInvoke: Spread;
  forwarderInvoke: Spread;
  /** Per pair (one router and the forwarder process after it). */
  loadRatio: Spread;
  firstInvokeRatio: Spread;
}

/** Options of {@link benchColdStarts}. */
export interface ColdStartOptions {
  root: string;
  dynamo: DynamoProcess;
  /** `NODE_OPTIONS` of the deployed functions (serverless.yml), e.g. `--enable-source-maps`. */
  nodeOptions: string;
  /** The router's memory size (serverless.yml), as Lambda tells the process. */
  memoryMb: number;
}

/** Runs the probe on `bundle` in a new process with exactly `env`; its figures from fd 3. */
const runProbe = (root: string, env: NodeJS.ProcessEnv, args: readonly string[]): Promise<ColdProbeResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist', 'bench', 'cold-probe.js'), ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      report += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      try {
        const result = JSON.parse(report) as ColdProbeResult;
        if (code !== 0 || result.error !== undefined || result.invokeMs === undefined) throw new Error(result.error ?? `exit code ${String(code)}`);
        resolve(result);
      } catch (error) {
        reject(new Error(`cold probe ${args.join(' ')} failed: ${error instanceof Error ? error.message : String(error)}\n${stderr}`));
      }
    });
  });

/** Runs the interleaved cold processes and prints their figures. */
export const benchColdStarts = async ({ root, dynamo, nodeOptions, memoryMb }: ColdStartOptions): Promise<{ figures: ColdStartFigures; spreads: ColdStartSpreads }> => {
  const [sns, ecs, logs] = await Promise.all([startLocalSns(), startLocalEcs(), startLocalLogs()]);
  const scratch = mkdtempSync(join(tmpdir(), 'ecs-herald-bench-'));
  const noAwsFiles = join(scratch, 'no-aws-config');
  // Only these variables: a developer's AWS settings must not reach the probes.
  const lambdaEnv = (functionName: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NODE_OPTIONS: nodeOptions,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_CONFIG_FILE: noAwsFiles,
    AWS_SHARED_CREDENTIALS_FILE: noAwsFiles,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    // Lambda runs Node.js 24; here the SDK would warn about Node.js 20 at the first client.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_SNS: sns.endpoint,
  });
  const routerEnv = (table: string): NodeJS.ProcessEnv => ({
    ...lambdaEnv('ecs-herald-router'),
    POWERTOOLS_SERVICE_NAME: 'ecs-herald',
    HERALD_METRICS_SERVICE: 'ecs-herald-bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_ECS: ecs.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.endpoint,
    HERALD_TOPICS: JSON.stringify({ oncall: ONCALL_ARN }),
    HERALD_STATE_TABLE: table,
    // Set as serverless.yml sets them (their clients are built at load); an OOM kill uses neither.
    HERALD_DEAD_LETTER_QUEUE_URL: `https://127.0.0.1:9/${ACCOUNT}/ecs-herald-dead-letters`,
    HERALD_REMEDIATION_QUEUE_URL: `https://127.0.0.1:9/${ACCOUNT}/ecs-herald-remediation`,
  });
  const forwarderEnv = { ...lambdaEnv('ecs-events-forwarder'), FORWARD_TOPIC_ARN: FORWARD_ARN };
  const routerBundle = join(root, 'dist', 'router', 'index.js');
  const forwarderBundle = join(root, 'dist', 'bench', 'forwarder', 'index.js');

  const loaded = { router: 0, forwarder: 0 };
  const samples = { routerLoad: [] as number[], forwarderLoad: [] as number[], routerInvoke: [] as number[], forwarderInvoke: [] as number[] };
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const table = `herald-cold-${round}`;
      await dynamo.createStateTable(table);
      // A new event each time, at the present: the router sees a fresh OOM kill.
      const eventFile = join(scratch, `event-${round}.json`);
      writeFileSync(eventFile, JSON.stringify({ ...oomEvent, id: `cold-${round}`, time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }));
      const published = (arn: string): number => sns.requestsFor(arn).length;
      const before = { router: published(ONCALL_ARN), forwarder: published(FORWARD_ARN) };
      const router = await runProbe(root, routerEnv(table), [routerBundle, eventFile, 'ecs-herald-router']);
      const forwarder = await runProbe(root, forwarderEnv, [forwarderBundle, eventFile, 'ecs-events-forwarder']);
      // Each first invocation must have done its whole job: the alert and the event on their topics.
      if (published(ONCALL_ARN) !== before.router + 1 || published(FORWARD_ARN) !== before.forwarder + 1) {
        throw new Error(`cold start ${round}: expected one publish each, got router ${published(ONCALL_ARN) - before.router}, forwarder ${published(FORWARD_ARN) - before.forwarder}`);
      }
      loaded.router = router.loadedBytes ?? 0;
      loaded.forwarder = forwarder.loadedBytes ?? 0;
      if (round === 0) continue;
      samples.routerLoad.push(router.loadMs);
      samples.forwarderLoad.push(forwarder.loadMs);
      samples.routerInvoke.push(router.invokeMs ?? Number.NaN);
      samples.forwarderInvoke.push(forwarder.invokeMs ?? Number.NaN);
    }
  } finally {
    await Promise.all([sns.close(), ecs.close(), logs.close()]);
    rmSync(scratch, { recursive: true, force: true });
  }

  const spreads: ColdStartSpreads = {
    routerLoad: summarize(samples.routerLoad),
    forwarderLoad: summarize(samples.forwarderLoad),
    routerInvoke: summarize(samples.routerInvoke),
    forwarderInvoke: summarize(samples.forwarderInvoke),
    loadRatio: summarize(pairedRatios(samples.routerLoad, samples.forwarderLoad)),
    firstInvokeRatio: summarize(pairedRatios(samples.routerInvoke, samples.forwarderInvoke)),
  };
  const figures: ColdStartFigures = {
    // The median of each pair's ratio: a pair ran within a second, so a slow stretch of the machine cancels out.
    loadRatio: rounded(spreads.loadRatio.median, 3),
    firstInvokeRatio: rounded(spreads.firstInvokeRatio.median, 3),
    routerLoadMs: rounded(spreads.routerLoad.median, 2),
    forwarderLoadMs: rounded(spreads.forwarderLoad.median, 2),
    routerFirstInvokeMs: rounded(spreads.routerInvoke.median, 2),
    forwarderFirstInvokeMs: rounded(spreads.forwarderInvoke.median, 2),
    coldProcesses: ROUNDS,
    routerLoadedBytes: loaded.router,
    forwarderLoadedBytes: loaded.forwarder,
  };
  return { figures, spreads };
};
