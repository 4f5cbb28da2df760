import { loadRawFixture } from '../support/fixtures';

// The scenarios' events: real fixture JSON (test/fixtures/events), cloned and moved to another
// service, task, time and event id.

/** A raw EventBridge event, as the router receives it. */
export type RawEvent = Record<string, unknown>;

const REGION = 'us-west-2';
const ACCOUNT = '111122223333';
/** The task of the OOM fixture; every id derived from it is replaced. */
const OOM_TASK_ID = 'cbc32545b881445133440842bacf91ce';
/** A service's ARN, as service and deployment events name it in `resources`. */
const serviceArn = (cluster: string, service: string): string => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${service}`;

/** A UUID-shaped event id, unique per scenario and number (EventBridge ids are UUIDs). */
export const eventId = (scenario: string, n: number): string =>
  `${Buffer.from(scenario.padEnd(4, '-').slice(0, 4)).toString('hex')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A 32-hex-digit ECS task id, unique per scenario and number. */
export const taskId = (scenario: string, n: number): string =>
  `${Buffer.from(scenario.padEnd(4, '-').slice(0, 4)).toString('hex')}${n.toString(16).padStart(24, '0')}`;

const iso = (ms: number): string => new Date(ms).toISOString();
/** EventBridge's `time` has whole seconds. */
const isoSeconds = (ms: number): string => `${iso(ms).slice(0, 19)}Z`;

/** Options of {@link oomEvent}. */
export interface OomOptions {
  id: string;
  service: string;
  task: string;
  /** When the task stopped (and the event's `time`). */
  at: number;
  /** The task's `stoppedReason`. @default the fixture's */
  stoppedReason?: string;
}

/**
 * The OOM kill fixture (ecs-task/stopped-oom: container payments-api, exit 137,
 * `OutOfMemoryError`) as another task of `service`, stopped at `at`.
 */
export const oomEvent = (options: OomOptions): RawEvent => {
  const event = JSON.parse(JSON.stringify(loadRawFixture('ecs-task/stopped-oom')).replaceAll(OOM_TASK_ID, options.task)) as RawEvent;
  const detail = event.detail as Record<string, unknown>;
  event.id = options.id;
  event.time = isoSeconds(options.at);
  detail.group = `service:${options.service}`;
  detail.stoppingAt = iso(options.at - 30_000);
  detail.executionStoppedAt = iso(options.at - 1_000);
  detail.stoppedAt = iso(options.at);
  detail.updatedAt = iso(options.at);
  if (options.stoppedReason !== undefined) detail.stoppedReason = options.stoppedReason;
  return event;
};

/** The SERVICE_STEADY_STATE fixture (ecs-service-action/steady-state) for `service`, at `at`. */
export const steadyStateEvent = (options: { id: string; service: string; at: number }): RawEvent => {
  const event = structuredClone(loadRawFixture('ecs-service-action/steady-state'));
  event.id = options.id;
  event.time = isoSeconds(options.at);
  event.resources = [serviceArn('prod', options.service)];
  (event.detail as Record<string, unknown>).createdAt = iso(options.at);
  return event;
};

/**
 * A deployment state change fixture (ecs-deployment/failed or /completed) for `service`, with
 * the event's `time` (and the deployment's `updatedAt`) at `time`.
 */
export const deploymentEvent = (fixture: 'failed' | 'completed', options: { id: string; service: string; time: number }): RawEvent => {
  const event = structuredClone(loadRawFixture(`ecs-deployment/${fixture}`));
  event.id = options.id;
  event.time = isoSeconds(options.time);
  event.resources = [serviceArn('prod', options.service)];
  (event.detail as Record<string, unknown>).updatedAt = iso(options.time);
  return event;
};

/** When the OOM fixture's task stopped: the scenarios' simulated clock starts near it. */
export const FIXTURE_TIME = Date.parse('2026-05-12T13:15:06Z');
