import {
  type EventParseError,
  type HeraldEvent,
  MalformedEventError,
  NotAnEventBridgeEventError,
  parseEvent,
  SKIP_REASONS,
  UnsupportedEventError,
} from '../../shared/events';
import { normalizeEvent } from '../../shared/normalize';
import { listFixtures, loadRawFixture } from '../support/fixtures';

type Raw = Record<string, unknown>;

/** The steps of a reader-style path: `detail.containers[0].exitCode` -> detail, containers, 0, exitCode. */
const stepsOf = (path: string): (string | number)[] =>
  (path.match(/[^.[\]]+/g) ?? []).map((step) => (/^\d+$/.test(step) ? Number(step) : step));

const valueAt = (root: unknown, path: string): unknown =>
  stepsOf(path).reduce<unknown>((node, step) => (node as Record<string | number, unknown> | undefined)?.[step], root);

/** One small change to an event: set a path to a value, or remove it. */
type Mutation = { set: string; to: unknown } | { remove: string };

/** A fixture (a structuredClone of it) with mutations applied. */
const variant = (fixture: string, ...mutations: Mutation[]): Raw => {
  const raw = structuredClone(loadRawFixture(fixture));
  for (const mutation of mutations) {
    const path = 'set' in mutation ? mutation.set : mutation.remove;
    const steps = stepsOf(path);
    const parent = valueAt(raw, steps.slice(0, -1).join('.')) as Record<string | number, unknown>;
    const last = steps[steps.length - 1] as string | number;
    if ('set' in mutation) parent[last] = mutation.to;
    else delete parent[last];
  }
  return raw;
};

const skipOf = (input: unknown): EventParseError => {
  const result = parseEvent(input);
  if (result.ok) throw new Error(`expected a skip, got a ${result.event.kind} event`);
  return result.error;
};

const eventOf = (input: unknown): HeraldEvent => {
  const result = parseEvent(input);
  if (!result.ok) throw new Error(`expected an event, got ${result.error.reason}: ${result.error.message}`);
  return result.event;
};

/** The parsed event without `raw` (the input as received, which a variant changes by design). */
const parsedPart = (event: HeraldEvent) => ({ ...event, raw: undefined });

const TASK = 'ecs-task/stopped-essential-exit';

describe('parseEvent: inputs that are not objects', () => {
  it.each([
    { case: 'null', input: null, got: 'null' },
    { case: 'undefined', input: undefined, got: 'nothing' },
    { case: 'a number', input: 42, got: 'a number' },
    { case: 'a boolean', input: true, got: 'a boolean' },
    { case: 'an event encoded twice (a JSON string)', input: JSON.stringify(loadRawFixture(TASK)), got: 'a string' },
    { case: 'an empty array', input: [], got: 'an array' },
    { case: 'an array of events (a batch, not an event)', input: [loadRawFixture(TASK)], got: 'an array' },
  ])('$case is not-eventbridge', ({ input, got }) => {
    const error = skipOf(input);
    expect(error).toBeInstanceOf(NotAnEventBridgeEventError);
    expect(error.reason).toBe(SKIP_REASONS.notEventBridge);
    expect(error.message).toBe(`expected an EventBridge event object, got ${got}`);
    expect(error.path).toBeUndefined();
  });
});

describe('parseEvent: the EventBridge envelope', () => {
  it.each([
    ...['id', 'detail-type', 'source', 'account', 'time', 'region'].map((field) => ({
      case: `"${field}" removed`,
      input: variant(TASK, { remove: field }),
      message: `not an EventBridge event: missing or non-string "${field}"`,
    })),
    {
      case: 'account as a number',
      input: variant(TASK, { set: 'account', to: 111122223333 }),
      message: 'not an EventBridge event: missing or non-string "account"',
    },
    {
      case: 'time as an empty string',
      input: variant(TASK, { set: 'time', to: '' }),
      message: 'not an EventBridge event: missing or non-string "time"',
    },
    {
      case: 'source null and region removed: both named, in envelope order',
      input: variant(TASK, { remove: 'region' }, { set: 'source', to: null }),
      message: 'not an EventBridge event: missing or non-string "source", "region"',
    },
    {
      case: 'an arbitrary JSON object',
      input: { message: 'hello' },
      message: 'not an EventBridge event: missing or non-string "id", "detail-type", "source", "account", "time", "region"',
    },
    ...[
      { what: 'removed', mutation: { remove: 'detail' } },
      { what: 'null', mutation: { set: 'detail', to: null } },
      { what: 'a JSON string (encoded twice)', mutation: { set: 'detail', to: JSON.stringify(loadRawFixture(TASK).detail) } },
      { what: 'an array', mutation: { set: 'detail', to: [loadRawFixture(TASK).detail] } },
    ].map(({ what, mutation }) => ({
      case: `detail ${what}`,
      input: variant(TASK, mutation),
      message: 'not an EventBridge event: "detail" must be an object',
    })),
  ])('$case is not-eventbridge', ({ input, message }) => {
    const error = skipOf(input);
    expect(error).toBeInstanceOf(NotAnEventBridgeEventError);
    expect(error.reason).toBe(SKIP_REASONS.notEventBridge);
    expect(error.message).toBe(message);
  });
});

/** A real `EC2 Instance State-change Notification` (not a fixture: fixtures are all events ecs-herald handles). */
const EC2_STATE_CHANGE: Raw = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2026-05-12T16:20:41Z',
  region: 'us-west-2',
  resources: ['arn:aws:ec2:us-west-2:111122223333:instance/i-0f3a8506b2c4d6e81'],
  detail: { 'instance-id': 'i-0f3a8506b2c4d6e81', state: 'shutting-down' },
};

describe('parseEvent: events ecs-herald does not handle', () => {
  it.each([
    {
      case: 'an EC2 instance state change',
      input: EC2_STATE_CHANGE,
      reason: SKIP_REASONS.unsupportedEvent,
      source: 'aws.ec2',
      detailType: 'EC2 Instance State-change Notification',
      message: 'source "aws.ec2" with detail-type "EC2 Instance State-change Notification" is not handled by ecs-herald',
    },
    {
      case: 'an ECS detail-type from another source',
      input: variant(TASK, { set: 'source', to: 'aws.cloudwatch' }),
      reason: SKIP_REASONS.unsupportedEvent,
      source: 'aws.cloudwatch',
      detailType: 'ECS Task State Change',
      message: 'source "aws.cloudwatch" with detail-type "ECS Task State Change" is not handled by ecs-herald',
    },
    {
      case: 'a CloudTrail API call of another service',
      input: variant('cloudtrail/update-service', { set: 'source', to: 'aws.ec2' }, { set: 'detail.eventSource', to: 'ec2.amazonaws.com' }),
      reason: SKIP_REASONS.unsupportedEvent,
      source: 'aws.ec2',
      detailType: 'AWS API Call via CloudTrail',
      message: 'source "aws.ec2" with detail-type "AWS API Call via CloudTrail" is not handled by ecs-herald',
    },
    {
      case: 'a CloudTrail event under aws.ecs whose eventSource is not ECS',
      input: variant('cloudtrail/update-service', { set: 'detail.eventSource', to: 'ec2.amazonaws.com' }),
      reason: SKIP_REASONS.unsupportedEvent,
      source: 'aws.ecs',
      detailType: 'AWS API Call via CloudTrail',
      message: 'CloudTrail event from ec2.amazonaws.com, not ecs.amazonaws.com',
    },
    {
      case: 'a Trusted Advisor detail-type other than check item refreshes',
      input: variant('trusted-advisor/ebs-snapshot-aging-warn', { set: 'detail-type', to: 'Trusted Advisor Pursuit Weekly Digest' }),
      reason: SKIP_REASONS.unsupportedEvent,
      source: 'aws.trustedadvisor',
      detailType: 'Trusted Advisor Pursuit Weekly Digest',
      message: 'source "aws.trustedadvisor" with detail-type "Trusted Advisor Pursuit Weekly Digest" is not handled by ecs-herald',
    },
    {
      case: 'an aws.ecs detail-type the ECS guide does not document',
      input: variant(TASK, { set: 'detail-type', to: 'ECS Capacity Provider State Change' }),
      reason: SKIP_REASONS.unknownEcsDetailType,
      source: 'aws.ecs',
      detailType: 'ECS Capacity Provider State Change',
      message: 'aws.ecs detail-type "ECS Capacity Provider State Change" is not one the ECS developer guide documents; skipped rather than guessed at',
    },
    {
      case: 'a documented aws.ecs detail-type in another case (detail-types are exact)',
      input: variant(TASK, { set: 'detail-type', to: 'ECS task state change' }),
      reason: SKIP_REASONS.unknownEcsDetailType,
      source: 'aws.ecs',
      detailType: 'ECS task state change',
      message: 'aws.ecs detail-type "ECS task state change" is not one the ECS developer guide documents; skipped rather than guessed at',
    },
  ])('$case: $reason', ({ input, reason, source, detailType, message }) => {
    const error = skipOf(input);
    expect(error).toBeInstanceOf(UnsupportedEventError);
    expect(error).toMatchObject({ reason, source, detailType, message });
  });
});

/**
 * The required fields of each kind (every other field is optional): a fixture per kind, and
 * the fields whose absence or wrong type makes its detail malformed. A task state change has
 * none that cannot be recovered from the rest of the event: see ecs-task-recovery.test.ts.
 */
const REQUIRED_STRINGS: [fixture: string, fields: string[]][] = [
  ['ecs-service-action/placement-failure-memory', ['eventType', 'eventName']],
  ['ecs-deployment/failed', ['eventType', 'eventName', 'deploymentId']],
  ['ecs-container-instance/draining', ['containerInstanceArn', 'clusterArn', 'status']],
  ['ecs-container-instance-health/daemon-impaired', ['containerInstanceArn', 'clusterArn', 'overallStatus']],
  ['ecs-hook/failed', ['eventName']],
  ['ecs-daemon-deployment/rollback-failed', ['eventName']],
  ['ecs-daemon-service-action/task-failed-to-run', ['eventName']],
  ['cloudwatch-alarm/alarm', ['alarmName', 'state.value']],
  ['cloudtrail/update-service', ['eventSource', 'eventName']],
  ['trusted-advisor/ebs-snapshot-aging-warn', ['check-name', 'status']],
];

/** Each way a required field can be bad, and how the message describes what was found. */
const BAD_VALUES: { what: string; mutation: (path: string) => Mutation; got: string }[] = [
  { what: 'removed', mutation: (path) => ({ remove: path }), got: 'nothing' },
  { what: 'empty', mutation: (path) => ({ set: path, to: '' }), got: 'an empty string' },
  { what: 'null', mutation: (path) => ({ set: path, to: null }), got: 'null' },
  { what: 'a number', mutation: (path) => ({ set: path, to: 42 }), got: 'a number' },
  { what: 'a boolean', mutation: (path) => ({ set: path, to: false }), got: 'a boolean' },
  { what: 'an object', mutation: (path) => ({ set: path, to: { value: 'x' } }), got: 'an object' },
  { what: 'an array', mutation: (path) => ({ set: path, to: ['x'] }), got: 'an array' },
];

describe('parseEvent: a required detail field missing or of the wrong type is malformed-detail', () => {
  it.each(
    REQUIRED_STRINGS.flatMap(([fixture, fields]) =>
      fields.flatMap((field) =>
        BAD_VALUES.map(({ what, mutation, got }) => ({
          case: `${fixture}: detail.${field} ${what}`,
          input: variant(fixture, mutation(`detail.${field}`)),
          path: `detail.${field}`,
          message: `detail.${field}: expected a non-empty string, got ${got}`,
        })),
      ),
    ),
  )('$case', ({ input, path, message }) => {
    const error = skipOf(input);
    expect(error).toBeInstanceOf(MalformedEventError);
    expect(error).toMatchObject({ reason: SKIP_REASONS.malformedDetail, path, message });
  });

  it.each([
    { case: 'removed', mutation: { remove: 'detail.state' }, message: 'detail.state: expected an object, got nothing' },
    { case: 'null', mutation: { set: 'detail.state', to: null }, message: 'detail.state: expected an object, got null' },
    { case: 'its value as a string', mutation: { set: 'detail.state', to: 'ALARM' }, message: 'detail.state: expected an object, got a string' },
    { case: 'an array', mutation: { set: 'detail.state', to: [{ value: 'ALARM' }] }, message: 'detail.state: expected an object, got an array' },
  ])('cloudwatch-alarm/alarm: detail.state $case', ({ mutation, message }) => {
    const error = skipOf(variant('cloudwatch-alarm/alarm', mutation));
    expect(error).toBeInstanceOf(MalformedEventError);
    expect(error).toMatchObject({ reason: SKIP_REASONS.malformedDetail, path: 'detail.state', message });
  });

  it('names the first bad field in reading order when several are bad', () => {
    const error = skipOf(variant('ecs-container-instance/draining', { remove: 'detail.status' }, { set: 'detail.clusterArn', to: 7 }));
    expect(error).toMatchObject({ path: 'detail.clusterArn', message: 'detail.clusterArn: expected a non-empty string, got a number' });
  });
});

/** Keys whose values are open maps (metric dimensions, API parameters, a check's columns) rather than schemas. */
const OPEN_MAPS = new Set(['dimensions', 'requestParameters', 'responseElements', 'check-item-detail', 'tags']);

/** `value` with unknown fields added to every object in it (open maps aside). */
const withUnknownFields = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withUnknownFields);
  if (typeof value !== 'object' || value === null) return value;
  const known = Object.entries(value).map(([key, field]) => [key, OPEN_MAPS.has(key) ? field : withUnknownFields(field)]);
  return {
    ...Object.fromEntries(known),
    heraldTestUnknownField: { nested: [1, 'two', null, { deeper: true }] },
    // Own keys that shadow Object.prototype, as JSON.parse can produce them.
    toString: 'not a function',
    constructor: 42,
  };
};

describe('parseEvent: unknown fields are tolerated', () => {
  it.each(listFixtures().map((fixture) => ({ case: fixture, fixture })))(
    '$case with unknown fields in every object parses as without them',
    ({ fixture }) => {
      const original = eventOf(loadRawFixture(fixture));
      const extended = eventOf(withUnknownFields(loadRawFixture(fixture)));
      // The trimmed task fixtures carry their "partial event" notes; nothing else warns.
      expect(original.warnings.filter((warning) => !warning.startsWith('partial event: '))).toEqual([]);
      expect(parsedPart(extended)).toEqual(parsedPart(original));
      expect(normalizeEvent(extended)).toEqual(normalizeEvent(original));
    },
  );
});

describe('parseEvent: a wrongly typed optional field is dropped with a warning, never fatal', () => {
  it.each<{ case: string; fixture: string; mutation: Mutation; field: string; value: unknown; warnings: string[] }>([
    {
      case: 'container exitCode as a non-numeric string',
      fixture: TASK, mutation: { set: 'detail.containers[0].exitCode', to: 'abc' },
      field: 'detail.containers[0].exitCode', value: undefined,
      warnings: ['detail.containers[0].exitCode: expected a number, got a string; ignored'],
    },
    {
      case: 'container exitCode as an object',
      fixture: TASK, mutation: { set: 'detail.containers[0].exitCode', to: { code: 1 } },
      field: 'detail.containers[0].exitCode', value: undefined,
      warnings: ['detail.containers[0].exitCode: expected a number, got an object; ignored'],
    },
    {
      case: 'container exitCode as an array',
      fixture: TASK, mutation: { set: 'detail.containers[0].exitCode', to: [1] },
      field: 'detail.containers[0].exitCode', value: undefined,
      warnings: ['detail.containers[0].exitCode: expected a number, got an array; ignored'],
    },
    {
      case: 'container exitCode as a boolean',
      fixture: TASK, mutation: { set: 'detail.containers[0].exitCode', to: true },
      field: 'detail.containers[0].exitCode', value: undefined,
      warnings: ['detail.containers[0].exitCode: expected a number, got a boolean; ignored'],
    },
    {
      case: 'container exitCode as a numeric string is read as the number',
      fixture: TASK, mutation: { set: 'detail.containers[0].exitCode', to: '137' },
      field: 'detail.containers[0].exitCode', value: 137, warnings: [],
    },
    {
      case: 'stoppedReason as a number is stringified',
      fixture: TASK, mutation: { set: 'detail.stoppedReason', to: 42 },
      field: 'detail.stoppedReason', value: '42', warnings: [],
    },
    {
      case: 'stoppedReason as a boolean is stringified',
      fixture: TASK, mutation: { set: 'detail.stoppedReason', to: false },
      field: 'detail.stoppedReason', value: 'false', warnings: [],
    },
    {
      case: 'stoppedReason as an object',
      fixture: TASK, mutation: { set: 'detail.stoppedReason', to: { message: 'Essential container in task exited' } },
      field: 'detail.stoppedReason', value: undefined,
      warnings: ['detail.stoppedReason: expected a string, got an object; ignored'],
    },
    {
      case: 'task version as a word',
      fixture: TASK, mutation: { set: 'detail.version', to: 'six' },
      field: 'detail.version', value: undefined,
      warnings: ['detail.version: expected a number, got a string; ignored'],
    },
    {
      case: 'containers as an object',
      fixture: TASK, mutation: { set: 'detail.containers', to: { worker: {} } },
      field: 'detail.containers', value: [],
      warnings: ['detail.containers: expected an array, got an object; ignored'],
    },
    {
      case: 'a container as a string',
      fixture: TASK, mutation: { set: 'detail.containers[0]', to: 'worker' },
      field: 'detail.containers', value: [],
      warnings: ['detail.containers[0]: expected an object, got a string; ignored'],
    },
    {
      case: 'agentConnected as "false" is read as the boolean',
      fixture: 'ecs-container-instance/draining', mutation: { set: 'detail.agentConnected', to: 'false' },
      field: 'detail.agentConnected', value: false, warnings: [],
    },
    {
      case: 'agentConnected as "yes"',
      fixture: 'ecs-container-instance/draining', mutation: { set: 'detail.agentConnected', to: 'yes' },
      field: 'detail.agentConnected', value: undefined,
      warnings: ['detail.agentConnected: expected a boolean, got a string; ignored'],
    },
    {
      case: 'a non-string container instance ARN',
      fixture: 'ecs-service-action/placement-failure-memory',
      mutation: { set: 'detail.containerInstanceArns', to: ['arn:aws:ecs:us-west-2:111122223333:container-instance/prod/2dd1b186f39845a584488d2ef155c131', 7] },
      field: 'detail.containerInstanceArns', value: ['arn:aws:ecs:us-west-2:111122223333:container-instance/prod/2dd1b186f39845a584488d2ef155c131'],
      warnings: ['detail.containerInstanceArns[1]: expected a string, got a number; ignored'],
    },
    {
      case: 'desiredCount as a word',
      fixture: 'ecs-service-action/desired-count-updated', mutation: { set: 'detail.desiredCount', to: 'many' },
      field: 'detail.desiredCount', value: undefined,
      warnings: ['detail.desiredCount: expected a number, got a string; ignored'],
    },
    {
      case: 'a non-string envelope resource',
      fixture: TASK, mutation: { set: 'resources', to: [42, 'arn:aws:ecs:us-west-2:111122223333:task/prod/3da3b3f05770eefab0e8b69fd084a983'] },
      field: 'envelope.resources', value: ['arn:aws:ecs:us-west-2:111122223333:task/prod/3da3b3f05770eefab0e8b69fd084a983'],
      warnings: ['resources[0]: expected a string, got a number; ignored'],
    },
    {
      case: 'a health check type as an object',
      fixture: 'ecs-container-instance-health/daemon-impaired', mutation: { set: 'detail.healthChecks[0].type', to: { name: 'DAEMON' } },
      field: 'detail.healthChecks[0].type', value: 'UNKNOWN',
      warnings: ['detail.healthChecks[0].type: expected a string, got an object; ignored'],
    },
    {
      case: 'alarm configuration as a string',
      fixture: 'cloudwatch-alarm/alarm', mutation: { set: 'detail.configuration', to: 'cpu' },
      field: 'detail.metrics', value: [],
      warnings: ['detail.configuration: expected an object, got a string; ignored'],
    },
    {
      case: 'alarm previousState as a string',
      fixture: 'cloudwatch-alarm/alarm', mutation: { set: 'detail.previousState', to: 'OK' },
      field: 'detail.previousState', value: undefined,
      warnings: ['detail.previousState: expected an object, got a string; ignored'],
    },
    {
      case: 'a metric dimension as an object',
      fixture: 'cloudwatch-alarm/alarm', mutation: { set: 'detail.configuration.metrics[0].metricStat.metric.dimensions.ServiceName', to: { name: 'payments-api' } },
      field: 'detail.metrics[0].dimensions', value: { ClusterName: 'prod' },
      warnings: ['detail.configuration.metrics[0].metricStat.metric.dimensions.ServiceName: expected a string, got an object; ignored'],
    },
    {
      case: 'CloudTrail userIdentity as an array',
      fixture: 'cloudtrail/update-service', mutation: { set: 'detail.userIdentity', to: [] },
      field: 'detail.principalArn', value: undefined,
      warnings: ['detail.userIdentity: expected an object, got an array; ignored'],
    },
    {
      case: 'a CloudTrail sourceIdentity as an object',
      fixture: 'cloudtrail/run-task', mutation: { set: 'detail.userIdentity.sessionContext.sourceIdentity', to: { name: 'alice' } },
      field: 'detail.actor', value: { name: 'alice-session', kind: 'role-session', role: 'DataEngineerRole' },
      warnings: ['detail.userIdentity.sessionContext.sourceIdentity: expected a string, got an object; ignored'],
    },
    {
      case: 'a Trusted Advisor check-item-detail as a string',
      fixture: 'trusted-advisor/ebs-snapshot-aging-warn', mutation: { set: 'detail.check-item-detail', to: 'Volume ID: vol-0a1b2c3d4e5f60718' },
      field: 'detail.checkItemDetail', value: {},
      warnings: ['detail.check-item-detail: expected an object, got a string; ignored'],
    },
    {
      case: 'a Trusted Advisor column as an object',
      fixture: 'trusted-advisor/ebs-snapshot-aging-warn', mutation: { set: 'detail.check-item-detail.Reason', to: { text: 'old' } },
      field: 'detail.checkItemDetail.Reason', value: undefined,
      warnings: ['detail.check-item-detail.Reason: expected a string, got an object; ignored'],
    },
  ])('$case', ({ fixture, mutation, field, value, warnings }) => {
    const event = eventOf(variant(fixture, mutation));
    expect(valueAt(event, field)).toEqual(value);
    expect(event.warnings).toEqual(warnings);
    expect(normalizeEvent(event).warnings).toEqual(warnings);
  });
});

describe('parseEvent: absent or null optional fields parse without warnings', () => {
  it.each<{ case: string; fixture: string; mutation: Mutation; field: string; value: unknown }>([
    { case: 'a container without exitCode', fixture: TASK, mutation: { remove: 'detail.containers[0].exitCode' }, field: 'detail.containers[0].exitCode', value: undefined },
    { case: 'a container with a null exitCode', fixture: TASK, mutation: { set: 'detail.containers[0].exitCode', to: null }, field: 'detail.containers[0].exitCode', value: undefined },
    { case: 'a task without startedAt (it never started)', fixture: TASK, mutation: { remove: 'detail.startedAt' }, field: 'detail.startedAt', value: undefined },
    { case: 'a task without containers', fixture: TASK, mutation: { remove: 'detail.containers' }, field: 'detail.containers', value: [] },
    { case: 'a task without a container instance (Fargate)', fixture: TASK, mutation: { remove: 'detail.containerInstanceArn' }, field: 'detail.containerInstanceArn', value: undefined },
    { case: 'an envelope without resources', fixture: TASK, mutation: { remove: 'resources' }, field: 'envelope.resources', value: [] },
    { case: 'an envelope without version', fixture: TASK, mutation: { remove: 'version' }, field: 'envelope.version', value: '0' },
    {
      case: 'a health change with a null capacity provider (plain EC2)',
      fixture: 'ecs-container-instance-health/daemon-impaired', mutation: { set: 'detail.capacityProviderName', to: null },
      field: 'detail.capacityProviderName', value: undefined,
    },
    {
      case: 'a daemon task that was never created has no taskArn',
      fixture: 'ecs-daemon-service-action/task-failed-to-run', mutation: { remove: 'detail.taskArn' }, field: 'detail.taskArn', value: undefined,
    },
    { case: 'an alarm without previousState', fixture: 'cloudwatch-alarm/alarm', mutation: { remove: 'detail.previousState' }, field: 'detail.previousState', value: undefined },
    { case: 'an alarm without configuration', fixture: 'cloudwatch-alarm/alarm', mutation: { remove: 'detail.configuration' }, field: 'detail.metrics', value: [] },
    {
      case: 'a CloudTrail call without requestParameters',
      fixture: 'cloudtrail/update-service', mutation: { remove: 'detail.requestParameters' }, field: 'detail.requestParameters', value: null,
    },
    {
      case: 'a RunTask without failures',
      fixture: 'cloudtrail/run-task-placement-memory', mutation: { remove: 'detail.responseElements.failures' }, field: 'detail.failures', value: [],
    },
    {
      case: 'a Trusted Advisor item about no resource (resource_id "")',
      fixture: 'trusted-advisor/ebs-snapshot-aging-warn', mutation: { set: 'detail.resource_id', to: '' }, field: 'detail.resourceId', value: undefined,
    },
    {
      case: 'a Trusted Advisor item without check-item-detail',
      fixture: 'trusted-advisor/ebs-snapshot-aging-warn', mutation: { remove: 'detail.check-item-detail' }, field: 'detail.checkItemDetail', value: {},
    },
    {
      case: 'a Trusted Advisor column that is null',
      fixture: 'trusted-advisor/ebs-snapshot-taken-ok', mutation: { set: 'detail.check-item-detail.Reason', to: null }, field: 'detail.checkItemDetail.Reason', value: undefined,
    },
  ])('$case', ({ fixture, mutation, field, value }) => {
    const event = eventOf(variant(fixture, mutation));
    expect(valueAt(event, field)).toEqual(value);
    expect(event.warnings).toEqual([]);
    expect(normalizeEvent(event).summary).not.toBe('');
  });
});
