// The list prices `costPerMillionUsd` is worked with: US East (N. Virginia), on-demand, before
// any free tier, as the AWS pricing pages named on each give them. One place, so the README
// can name them and a price change is one edit.

/** Bytes in the GB that CloudWatch Logs bills: decimal, the larger of the two readings of "GB". */
export const GB_BYTES = 1e9;

/** US dollars per unit. */
export const PRICES = {
  /** "AWS Lambda pricing" (aws.amazon.com/lambda/pricing): Arm, first 7.5 billion GB-seconds a month. */
  lambdaArmGbSecond: 0.0000133334,
  /** "AWS Lambda pricing": requests, $0.20 per million. */
  lambdaRequest: 0.2 / 1e6,
  /** "Amazon DynamoDB pricing for on-demand capacity" (aws.amazon.com/dynamodb/pricing/on-demand): Standard table class, $0.625 per million write request units. */
  dynamoWriteUnit: 0.625 / 1e6,
  /** "Amazon DynamoDB pricing for on-demand capacity": $0.125 per million read request units. */
  dynamoReadUnit: 0.125 / 1e6,
  /** "Amazon SNS pricing" (aws.amazon.com/sns/pricing): standard topics, $0.50 per million requests; each 64 KB chunk of a published payload is one request. */
  snsPublishRequest: 0.5 / 1e6,
  /** "Amazon SNS pricing": email notifications, $2.00 per 100,000. */
  snsEmail: 2 / 1e5,
  /** "Amazon CloudWatch pricing" (aws.amazon.com/cloudwatch/pricing): Logs, Standard class, collect (data ingestion), $0.50 per GB. */
  logsIngestionGb: 0.5,
  /** "Amazon CloudWatch pricing": Logs, store (archival), $0.03 per GB-month. */
  logsStorageGbMonth: 0.03,
} as const;

/** What SNS counts as one publish request. */
export const SNS_REQUEST_CHUNK_BYTES = 65_536;

/** A price table shaped like {@link PRICES} (tests pass round numbers). */
export type Prices = { readonly [K in keyof typeof PRICES]: number };
