// The cost of a million ECS events, worked from what one run of the noise storm measured.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { GB_BYTES, PRICES, type Prices } from './prices';

/** What the storm used, in all (not per event). */
export interface StormUsage {
  /** Events in: each one router invocation (EventBridge invokes it once per event). */
  events: number;
  invocations: number;
  /** Sum over invocations of their duration rounded up to the millisecond, as Lambda bills it. */
  billedMs: number;
  /** The router's memory size (serverless.yml). */
  memoryMb: number;
  /** DynamoDB write and read request units (state store and idempotency, digest runs included). */
  writeUnits: number;
  readUnits: number;
  /** SNS publish requests (a 64 KB chunk each) and the email notifications they fan out to. */
  snsRequests: number;
  emailNotifications: number;
  /** Bytes the router's invocations wrote to CloudWatch Logs, Lambda's own lines included. */
  logBytes: number;
}

/** One component of the cost, per million events. */
export interface CostLine {
  component: string;
  /** The quantity billed per million events, in `unit`. */
  quantity: number;
  unit: string;
  usd: number;
}

/** The cost per million events, by component, and in all. */
export interface CostBreakdown {
  lines: CostLine[];
  totalUsd: number;
}

/**
 * Scales the storm's usage to a million events and prices it. Log storage is an upper bound:
 * billed on the compressed size, here the bytes as written, kept the month of serverless.yml's
 * 30-day retention.
 */
export const costPerMillionEvents = (usage: StormUsage, prices: Prices = PRICES): CostBreakdown => {
  const perMillion = (total: number): number => (total * 1e6) / usage.events;
  const gbSeconds = (perMillion(usage.billedMs) / 1000) * (usage.memoryMb / 1024);
  const logGb = perMillion(usage.logBytes) / GB_BYTES;
  const line = (component: string, quantity: number, unit: string, price: number): CostLine => ({ component, quantity, unit, usd: quantity * price });
  const lines = [
    line('Lambda requests', perMillion(usage.invocations), 'requests', prices.lambdaRequest),
    line(`Lambda duration (${usage.memoryMb} MB, arm64)`, gbSeconds, 'GB-s', prices.lambdaArmGbSecond),
    line('DynamoDB writes', perMillion(usage.writeUnits), 'WRU', prices.dynamoWriteUnit),
    line('DynamoDB reads', perMillion(usage.readUnits), 'RRU', prices.dynamoReadUnit),
    line('SNS publishes', perMillion(usage.snsRequests), 'requests', prices.snsPublishRequest),
    line('SNS email notifications', perMillion(usage.emailNotifications), 'emails', prices.snsEmail),
    line('CloudWatch Logs ingestion', logGb, 'GB', prices.logsIngestionGb),
    line('CloudWatch Logs storage (upper bound)', logGb, 'GB-month', prices.logsStorageGbMonth),
  ];
  return { lines, totalUsd: lines.reduce((sum, l) => sum + l.usd, 0) };
};

/** The router's Lambda settings that its price and its cold start depend on. */
export interface RouterDeployment {
  memoryMb: number;
  architecture: string;
  /** `NODE_OPTIONS` in the function's environment ('' when unset). */
  nodeOptions: string;
}

interface FunctionSettings {
  memorySize?: unknown;
  architecture?: unknown;
  environment?: { NODE_OPTIONS?: unknown };
}

/**
 * The router's memory size, architecture and `NODE_OPTIONS` in serverless.yml: its own, else
 * the provider's, else the Serverless Framework's defaults (1024 MB, x86_64).
 */
export const readRouterDeployment = (serverlessYml: string): RouterDeployment => {
  // CloudFormation tags (!Ref, !GetAtt) are left unresolved: only plain values are read.
  const doc = parse(readFileSync(serverlessYml, 'utf8'), { logLevel: 'error' }) as { provider?: FunctionSettings; functions?: { router?: FunctionSettings } };
  const router = doc.functions?.router;
  const memory = router?.memorySize ?? doc.provider?.memorySize ?? 1024;
  const architecture = router?.architecture ?? doc.provider?.architecture ?? 'x86_64';
  const nodeOptions = router?.environment?.NODE_OPTIONS ?? doc.provider?.environment?.NODE_OPTIONS ?? '';
  if (typeof memory !== 'number' || typeof architecture !== 'string' || typeof nodeOptions !== 'string') {
    throw new Error(`${serverlessYml}: the router's memorySize, architecture and NODE_OPTIONS are not plain values`);
  }
  return { memoryMb: memory, architecture, nodeOptions };
};
