/** Base error of the history module: an archive replay that could not be started or followed. */
export class HistoryError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'HistoryError';
  }
}

/** The archive, its bus or the router's rules are not where the stack puts them. */
export class ArchiveNotFoundError extends HistoryError {
  public constructor(
    message: string,
    /** The archive named. */
    public readonly archive: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ArchiveNotFoundError';
  }
}

/** An AWS call of a replay failed: the API's error name and message, with the call. */
export class ReplayCallError extends HistoryError {
  public constructor(
    /** e.g. `events:StartReplay`. */
    public readonly call: string,
    cause: unknown,
  ) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`${call} failed: ${name}: ${message}`, { cause });
    this.name = 'ReplayCallError';
  }
}
