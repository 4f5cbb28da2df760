/** Base of the remediation stage's errors. */
export class RemediationError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RemediationError';
  }
}

/**
 * An AWS call of the remediator failed in a way a later attempt may not (throttling, a
 * timeout, a 5xx). Nothing was changed by it: the decision's reservations are given back and
 * the message is tried again (SQS redelivers it; its dead-letter queue keeps it at the end).
 */
export class RetryableRemediationError extends RemediationError {
  /** The AWS call, e.g. `ecs:UpdateService`. */
  public readonly call: string;

  public constructor(call: string, message: string, options?: ErrorOptions) {
    super(`${call}: ${message}`, options);
    this.name = 'RetryableRemediationError';
    this.call = call;
  }
}

/** An AWS call failed for good (access denied, invalid parameters, not found): reported as `failed`. */
export class RemediationCallError extends RemediationError {
  /** The AWS call, e.g. `ecs:UpdateService`. */
  public readonly call: string;
  /** The AWS error name, e.g. `AccessDeniedException`. */
  public readonly code: string;

  public constructor(call: string, code: string, message: string, options?: ErrorOptions) {
    super(`${call}: ${code}: ${message}`, options);
    this.name = 'RemediationCallError';
    this.call = call;
    this.code = code;
  }
}
