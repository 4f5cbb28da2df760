// What a Lambda function sends to CloudWatch Logs: the lines it writes to stdout and stderr
// (Powertools Logger's JSON lines and Metrics' embedded-metric-format documents both go to
// stdout), plus the lines Lambda itself writes for each invocation.
// https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html

/** Bytes and lines written while a capture ran. */
export interface LogTally {
  bytes: number;
  lines: number;
  /** Of which CloudWatch embedded metric format documents (a top-level `_aws` key). */
  emfBytes: number;
  emfLines: number;
}

/** A running capture; {@link OutputCapture.stop} puts the streams back. */
export interface OutputCapture {
  readonly tally: LogTally;
  stop(): void;
}

/** Whether a line is an EMF document: Powertools Metrics writes `{"_aws":{...}` first. */
const isEmf = (line: string): boolean => line.startsWith('{"_aws":');

/**
 * Counts, instead of printing, everything written to stdout and stderr until `stop()`: the
 * same bytes the Lambda runtime would ship to CloudWatch Logs, one log event per line.
 */
export const captureOutput = (): OutputCapture => {
  const tally: LogTally = { bytes: 0, lines: 0, emfBytes: 0, emfLines: 0 };
  const partial = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  const count = (stream: 'stdout' | 'stderr') =>
    function write(chunk: unknown, ...rest: unknown[]): boolean {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) {
        const bytes = Buffer.byteLength(line, 'utf8') + 1;
        tally.bytes += bytes;
        tally.lines += 1;
        if (isEmf(line)) {
          tally.emfBytes += bytes;
          tally.emfLines += 1;
        }
      }
      // A write callback (Console passes one) still expects to be called.
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    };
  process.stdout.write = count('stdout') as typeof process.stdout.write;
  process.stderr.write = count('stderr') as typeof process.stderr.write;
  return {
    tally,
    stop() {
      process.stdout.write = original.stdout;
      process.stderr.write = original.stderr;
    },
  };
};

/**
 * Bytes of the lines Lambda writes for one invocation in the text log format (serverless.yml
 * sets no other): START, END and REPORT, with a request id and figures of typical width.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 */
export const lambdaPlatformLogBytes = (durationMs: number, memoryMb: number): number => {
  const requestId = '8f507cfc-1a2b-4697-b07a-ac58fc914c95';
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${Math.round(memoryMb * 0.4)} MB\t`,
  ];
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 1, 0);
};
