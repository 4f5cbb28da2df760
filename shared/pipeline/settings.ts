import { SEVERITIES, type Severity } from '../normalize';

/** Settings of the router Lambda, from its environment (set by serverless.yml). */
export interface RouterSettings {
  /** ARN of the SNS topic alerts go to. */
  topicArn: string;
  /** Alerts below this severity are recorded, not sent. @default 'warning' */
  minSeverity: Severity;
}

/** A missing or invalid setting: the deployment is broken, so the function fails at start. */
export class RouterSettingsError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RouterSettingsError';
  }
}

/** Reads and validates {@link RouterSettings}; throws {@link RouterSettingsError} naming the variable. */
export const readRouterSettings = (env: Readonly<Record<string, string | undefined>>): RouterSettings => {
  const topicArn = env.HERALD_TOPIC_ARN;
  if (topicArn === undefined || !topicArn.startsWith('arn:')) {
    throw new RouterSettingsError(`HERALD_TOPIC_ARN must be an SNS topic ARN, got ${JSON.stringify(topicArn)}`);
  }
  const minSeverity = env.HERALD_MIN_SEVERITY ?? 'warning';
  if (!(SEVERITIES as readonly string[]).includes(minSeverity)) {
    throw new RouterSettingsError(`HERALD_MIN_SEVERITY must be one of ${SEVERITIES.join(', ')}, got "${minSeverity}"`);
  }
  return { topicArn, minSeverity: minSeverity as Severity };
};
