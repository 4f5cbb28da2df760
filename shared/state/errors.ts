/**
 * The state table did not answer a moment ago: calls fail at once until it is tried again,
 * and noise control lets alerts through (fail open).
 */
export class StateUnavailableError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StateUnavailableError';
  }
}
