import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What every scripted fault can do: apply a number of times, and hold the answer. */
export interface ScriptedFault {
  /** How many matching requests it applies to. @default Infinity */
  times?: number;
  /** Hold the answer this long (the client may give up first: the request is then `gone`). */
  delayMs?: number;
}

/** What every recorded request carries. */
export interface RecordedRequest {
  /** `performance.now()` on arrival, for gaps between attempts. */
  at: number;
  receivedAt: Date;
  /** The HTTP status sent, `reset` for a dropped connection, `gone` when the client left first. */
  outcome: number | 'reset' | 'gone';
}

/** How one protocol reads a request and answers it. */
export interface ScriptedProtocol<R extends RecordedRequest, F extends ScriptedFault> {
  /** Decodes a request (its body already read) into the record tests inspect. */
  record(req: IncomingMessage, body: string, arrival: Pick<RecordedRequest, 'at' | 'receivedAt'>): R;
  /** Whether `fault` applies to this request. */
  matches(fault: F, record: R): boolean;
  /** Answers a request whose client is still there, as scripted by `fault` when one applies. */
  answer(res: ServerResponse, record: R, fault: F | undefined): void;
}

/** A loopback server that records requests and misbehaves as scripted. */
export interface ScriptedServer<R extends RecordedRequest, F extends ScriptedFault> {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  endpoint: string;
  /** Every request so far, in arrival order. */
  readonly requests: readonly R[];
  /** Adds a fault; faults match in the order added, and each use counts down. */
  inject(fault: F): void;
  /** Forgets the faults not used up yet (the server behaves again); recorded requests stay. */
  clearFaults(): void;
  /** Forgets faults and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Dates the answer by the test's clock (`Date`, which a test may fake), as AWS dates its
 * answers by a clock that agrees with the caller's. Node's own `Date` header reads the real
 * clock: against a faked one, the SDK would see clock skew, correct its offset, and retry
 * the error that told it (`clockSkewCorrected`), sending requests no real client sends.
 */
export const answerOnTestClock = (res: ServerResponse): void => {
  res.setHeader('date', new Date().toUTCString());
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/**
 * Starts a server on a free loopback port for a real AWS SDK client's `endpoint`: each
 * request is recorded, matched against the scripted faults, held if a fault delays it, then
 * answered by the protocol (unless the client hung up meanwhile).
 */
export const startScriptedServer = async <R extends RecordedRequest, F extends ScriptedFault>(
  protocol: ScriptedProtocol<R, F>,
): Promise<ScriptedServer<R, F>> => {
  const requests: R[] = [];
  let faults: Array<F & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();

  const takeFault = (record: R): F | undefined => {
    const fault = faults.find((f) => f.left > 0 && protocol.matches(f, record));
    if (fault !== undefined) fault.left -= 1;
    return fault;
  };

  const answer = (res: ServerResponse, record: R, fault: F | undefined): void => {
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      record.outcome = 'gone';
      return;
    }
    answerOnTestClock(res);
    protocol.answer(res, record, fault);
  };

  const server = createServer((req, res) => {
    const arrival = { at: performance.now(), receivedAt: new Date() };
    readBody(req).then(
      (body) => {
        const record = protocol.record(req, body, arrival);
        requests.push(record);
        const fault = takeFault(record);
        if (fault?.delayMs === undefined) {
          answer(res, record, fault);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(res, record, fault);
        }, fault.delayMs);
        timers.add(timer);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults = [];
    },
    reset() {
      faults = [];
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
