import { join } from 'node:path';
import { costPerMillionEvents, readRouterDeployment, type StormUsage } from '../../bench/costs';
import { GOALS, meetsGoal } from '../../bench/goals';
import { lambdaPlatformLogBytes } from '../../bench/log-capture';
import type { Prices } from '../../bench/prices';

/** Round prices, so each line's expected cost is plain arithmetic. */
const PRICES: Prices = {
  lambdaArmGbSecond: 0.00001,
  lambdaRequest: 0.0000002,
  dynamoWriteUnit: 0.000001,
  dynamoReadUnit: 0.0000001,
  snsPublishRequest: 0.0000005,
  snsEmail: 0.00002,
  logsIngestionGb: 0.5,
  logsStorageGbMonth: 0.03,
};

/** 10,000 events: every total below is 1/100 of its per-million quantity. */
const USAGE: StormUsage = {
  events: 10_000,
  invocations: 10_000,
  billedMs: 40_000,
  memoryMb: 256,
  writeUnits: 15_000,
  readUnits: 2_000,
  snsRequests: 20,
  emailNotifications: 40,
  logBytes: 20_000_000,
};

describe('cost per million events', () => {
  const { lines, totalUsd } = costPerMillionEvents(USAGE, PRICES);
  const line = (component: string) => lines.find((l) => l.component.startsWith(component));

  it.each([
    { case: 'one Lambda request per event', component: 'Lambda requests', quantity: 1_000_000, usd: 0.2 },
    // 4 ms billed per event x 1e6 = 4,000 s, at 0.25 GB = 1,000 GB-s.
    { case: 'duration in GB-seconds at the memory size', component: 'Lambda duration', quantity: 1000, usd: 0.01 },
    { case: 'write request units', component: 'DynamoDB writes', quantity: 1_500_000, usd: 1.5 },
    { case: 'read request units', component: 'DynamoDB reads', quantity: 200_000, usd: 0.02 },
    { case: 'SNS publish requests', component: 'SNS publishes', quantity: 2000, usd: 0.001 },
    { case: 'email notifications', component: 'SNS email', quantity: 4000, usd: 0.08 },
    // 2,000 bytes per event x 1e6 = 2 GB (decimal).
    { case: 'log ingestion in GB', component: 'CloudWatch Logs ingestion', quantity: 2, usd: 1 },
    { case: 'log storage, a month of it', component: 'CloudWatch Logs storage', quantity: 2, usd: 0.06 },
  ])('$case', ({ component, quantity, usd }) => {
    expect(line(component)?.quantity).toBeCloseTo(quantity, 6);
    expect(line(component)?.usd).toBeCloseTo(usd, 9);
  });

  it('totals the lines', () => {
    expect(totalUsd).toBeCloseTo(0.2 + 0.01 + 1.5 + 0.02 + 0.001 + 0.08 + 1 + 0.06, 9);
  });

  it('does not depend on how many events measured it, only on the rates', () => {
    const doubled = costPerMillionEvents({ ...USAGE, ...Object.fromEntries(Object.entries(USAGE).map(([k, v]) => [k, k === 'memoryMb' ? v : v * 2])) }, PRICES);
    expect(doubled.totalUsd).toBeCloseTo(totalUsd, 9);
  });
});

describe('the router as serverless.yml deploys it', () => {
  it('reads memory size, architecture and NODE_OPTIONS', () => {
    expect(readRouterDeployment(join(__dirname, '..', '..', 'serverless.yml'))).toEqual({ memoryMb: 256, architecture: 'arm64', nodeOptions: '--enable-source-maps' });
  });
});

describe("Lambda's own log lines", () => {
  it('are START, END and REPORT, a few hundred bytes', () => {
    const bytes = lambdaPlatformLogBytes(5.2, 256);
    expect(bytes).toBeGreaterThan(200);
    expect(bytes).toBeLessThan(400);
  });
});

describe('goals', () => {
  const goal = (key: string) => {
    const found = GOALS.find((g) => g.key === key);
    if (found === undefined) throw new Error(`no goal ${key}`);
    return found;
  };
  it.each([
    { case: 'at most: equal meets it', key: 'loadRatio', value: 1.3, met: true },
    { case: 'at most: above does not', key: 'loadRatio', value: 1.31, met: false },
    { case: 'at least: above meets it', key: 'routesPerSec1000', value: 100_001, met: true },
    { case: 'at least: below does not', key: 'routesPerSec1000', value: 99_999, met: false },
    { case: 'a figure that was not measured does not', key: 'costPerMillionUsd', value: Number.NaN, met: false },
  ])('$case', ({ key, value, met }) => {
    expect(meetsGoal(goal(key), value)).toBe(met);
  });
});
