import { performance } from 'node:perf_hooks';
import { SNS_MAX_PAYLOAD_BYTES } from '../support/local-sns';
import type { AsyncInvocationResult } from '../support/lambda';
import { eventId, FIXTURE_TIME, oomEvent, type RawEvent, taskId } from './events';
import { deliveryFigures, errorNames, type Figures, lastErrorMessage, reportFigures } from './figures';
import { countByKind, type PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// f and i. Odd events that still parse: a lone UTF-16 surrogate in the stopped reason (JSON's
// `\ud800` escape makes one; UTF-8 cannot encode it), and a 250 KB service name (an alert
// that names the service in its body and in its `service` attribute is past SNS's 256 KiB).
// Each must be published once, within the limit, with nothing dead-lettered. The first row
// is the control: a plain OOM kill, published once.

const LONE_SURROGATE = '\ud800';
const HUGE_NAME_LENGTH = 250_000;

interface OddCase {
  case: string;
  id: string;
  event: () => RawEvent;
}

const CASES: OddCase[] = [
  {
    case: 'a plain OOM kill (control)',
    id: 'f-control',
    event: () => oomEvent({ id: eventId('f', 0), service: 'payments-api', task: taskId('f', 0), at: FIXTURE_TIME }),
  },
  {
    case: 'a lone surrogate ("\\ud800") in stoppedReason',
    id: 'f-lone-surrogate',
    event: () =>
      oomEvent({ id: eventId('f', 1), service: 'ledger', task: taskId('f', 1), at: FIXTURE_TIME, stoppedReason: `Essential container in task exited ${LONE_SURROGATE} after a heap dump` }),
  },
  {
    case: 'a 250 KB service name',
    id: 'i-huge-service-name',
    event: () => oomEvent({ id: eventId('f', 2), service: `svc-${'x'.repeat(HUGE_NAME_LENGTH - 4)}`, task: taskId('f', 2), at: FIXTURE_TIME }),
  },
];

interface OddOutcome {
  result: AsyncInvocationResult;
  messages: PublishedMessage[];
  /** Publishes SNS refused (an error answer), e.g. too long. */
  refused: number;
  deadLetters: number;
  largestPayloadBytes: number;
}

describe('f, i. odd events: a lone surrogate, a 250 KB service name', () => {
  let world: World;
  const outcomes = new Map<string, OddOutcome>();
  const figures = new Map<string, Figures>();

  beforeAll(async () => {
    world = await startWorld({ startAt: FIXTURE_TIME });
    for (const row of CASES) {
      const started = performance.now();
      const [requestsFrom, lettersFrom] = [world.sns.requests.length, world.deadLetterQueue.messages.length];
      const result = await world.router.invokeAsync(row.event());
      const requests = world.sns.requests.slice(requestsFrom);
      const outcome: OddOutcome = {
        result,
        messages: world.messages().filter((m) => requests.includes(m.request)),
        refused: requests.filter((r) => r.error !== undefined).length,
        deadLetters: world.deadLetterQueue.messages.length - lettersFrom,
        largestPayloadBytes: Math.max(0, ...requests.map((r) => r.payloadBytes)),
      };
      outcomes.set(row.id, outcome);
      figures.set(row.id, {
        alertsIn: 1,
        ...deliveryFigures(outcome.messages, outcome.deadLetters),
        publishAttempts: requests.length,
        refusedBySns: outcome.refused,
        payloadBytes: requests.map((r) => r.payloadBytes),
        requestBodyBytes: requests.map((r) => r.bodyBytes),
        attempts: result.attempts.length,
        errors: errorNames(result.attempts.map((a) => a.error)),
        lastError: lastErrorMessage(result.attempts.map((a) => a.error)),
        onFailureDestination: result.onFailureDestination,
        elapsedMs: Math.round(performance.now() - started),
      });
    }
    await world.close();
    for (const [id, reported] of figures) reportFigures(id.slice(0, 1), id, reported);
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  });

  it.each(CASES)('$case: published once as an alert', ({ id }) => {
    expect(countByKind(outcomes.get(id)?.messages ?? [])).toEqual({ alert: 1, digest: 0, resolved: 0 });
  });

  it.each(CASES)('$case: nothing dead-lettered, nothing left to the failure destination', ({ id }) => {
    expect(outcomes.get(id)?.deadLetters).toBe(0);
    expect(outcomes.get(id)?.result.onFailureDestination).toBe(false);
  });

  it.each(CASES)('$case: every publish within SNS\'s 256 KiB', ({ id }) => {
    expect(outcomes.get(id)?.largestPayloadBytes).toBeLessThanOrEqual(SNS_MAX_PAYLOAD_BYTES);
  });
});
