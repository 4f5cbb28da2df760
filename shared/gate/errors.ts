/** Base of the gate's errors. */
export class GateError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GateError';
  }
}

/** A silence that cannot be added or expired, with the reason for the user. */
export class SilenceError extends GateError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SilenceError';
  }
}
