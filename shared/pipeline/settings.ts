/** Settings of the router Lambda, from its environment (set by serverless.yml). */
export interface RouterSettings {
  /** Topic name (as in herald.yml) to SNS topic ARN. */
  topics: Readonly<Record<string, string>>;
  /** The state table (deliveries made; noise control). */
  stateTable: string;
  /** The dead-letter queue, for alerts that cannot be delivered. */
  deadLetterQueueUrl: string;
  /** The remediation queue the router writes decisions to (absent where nothing remediates). */
  remediationQueueUrl?: string;
}

/** A missing or invalid setting: the deployment is broken, so the function fails at start. */
export class RouterSettingsError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RouterSettingsError';
  }
}

/**
 * Reads and validates {@link RouterSettings}: `HERALD_TOPICS` is a JSON object of topic name
 * to ARN, with one for every topic the configuration names. Throws {@link RouterSettingsError}
 * naming the variable.
 */
export const readRouterSettings = (env: Readonly<Record<string, string | undefined>>, requiredTopics: readonly string[] = []): RouterSettings => {
  const text = env.HERALD_TOPICS;
  let topics: unknown;
  try {
    topics = JSON.parse(text ?? '');
  } catch {
    throw new RouterSettingsError(`HERALD_TOPICS must be a JSON object of topic name to SNS topic ARN, got ${JSON.stringify(text)}`);
  }
  if (typeof topics !== 'object' || topics === null || Array.isArray(topics)) {
    throw new RouterSettingsError(`HERALD_TOPICS must be a JSON object of topic name to SNS topic ARN, got ${JSON.stringify(text)}`);
  }
  for (const [name, arn] of Object.entries(topics)) {
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) {
      throw new RouterSettingsError(`HERALD_TOPICS.${name} must be an SNS topic ARN, got ${JSON.stringify(arn)}`);
    }
  }
  const missing = requiredTopics.filter((name) => !Object.hasOwn(topics as object, name));
  if (missing.length > 0) {
    throw new RouterSettingsError(`HERALD_TOPICS has no ARN for topic(s) ${missing.join(', ')} of herald.yml: redeploy the stack`);
  }
  const stateTable = env.HERALD_STATE_TABLE;
  if (stateTable === undefined || stateTable === '') throw new RouterSettingsError('HERALD_STATE_TABLE must name the state table');
  const deadLetterQueueUrl = env.HERALD_DEAD_LETTER_QUEUE_URL;
  if (deadLetterQueueUrl === undefined || !deadLetterQueueUrl.startsWith('https://')) {
    throw new RouterSettingsError(`HERALD_DEAD_LETTER_QUEUE_URL must be an SQS queue URL, got ${JSON.stringify(deadLetterQueueUrl)}`);
  }
  const remediationQueueUrl = env.HERALD_REMEDIATION_QUEUE_URL;
  if (remediationQueueUrl !== undefined && !remediationQueueUrl.startsWith('https://')) {
    throw new RouterSettingsError(`HERALD_REMEDIATION_QUEUE_URL must be an SQS queue URL, got ${JSON.stringify(remediationQueueUrl)}`);
  }
  return { topics: topics as Record<string, string>, stateTable, deadLetterQueueUrl, ...(remediationQueueUrl === undefined ? {} : { remediationQueueUrl }) };
};
