import { type EcsTaskEvent, MalformedEventError, parseEvent, SKIP_REASONS } from '../../shared/events';
import { normalizeEvent } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';

type Raw = Record<string, unknown> & { resources: unknown[]; detail: Detail };
type Detail = Record<string, unknown> & { containers: Record<string, unknown>[] };

/** A task fixture (a structuredClone of it) with one small mutation. */
const variant = (fixture: string, mutate: (raw: Raw) => void): Raw => {
  const raw = structuredClone(loadRawFixture(`ecs-task/${fixture}`)) as Raw;
  mutate(raw);
  return raw;
};

const taskEventOf = (raw: Raw): EcsTaskEvent => {
  const result = parseEvent(raw);
  if (!result.ok) throw new Error(`expected an event, got ${result.error.reason}: ${result.error.message}`);
  if (result.event.kind !== 'ecs-task') throw new Error(`expected an ecs-task event, got ${result.event.kind}`);
  return result.event;
};

/** stopped-essential-exit: an EC2 service task of cluster prod, one container. */
const TASK_ARN = 'arn:aws:ecs:us-west-2:111122223333:task/prod/3da3b3f05770eefab0e8b69fd084a983';
const CLUSTER_ARN = 'arn:aws:ecs:us-west-2:111122223333:cluster/prod';
const SHORT_TASK_ARN = 'arn:aws:ecs:us-west-2:111122223333:task/3da3b3f05770eefab0e8b69fd084a983';

describe('a trimmed task state change is recovered from the rest of the event, not skipped', () => {
  it.each<{ case: string; fixture?: string; mutate: (raw: Raw) => void; taskArn: string | undefined; clusterArn: string | undefined; lastStatus?: string; warnings: string[] }>([
    {
      case: 'no detail.taskArn: taken from resources',
      mutate: (raw) => { delete raw.detail.taskArn; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.taskArn is missing; the task ARN was taken from resources[0]'],
    },
    {
      case: 'detail.taskArn as a number: dropped with a warning, taken from resources',
      mutate: (raw) => { raw.detail.taskArn = 42; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: [
        'detail.taskArn: expected a non-empty string, got a number; ignored',
        'partial event: detail.taskArn is unusable; the task ARN was taken from resources[0]',
      ],
    },
    {
      case: 'detail.taskArn empty: taken from resources',
      mutate: (raw) => { raw.detail.taskArn = ''; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: [
        'detail.taskArn: expected a non-empty string, got an empty string; ignored',
        'partial event: detail.taskArn is unusable; the task ARN was taken from resources[0]',
      ],
    },
    {
      case: 'no detail.taskArn and resources naming something else: taken from the container',
      mutate: (raw) => { delete raw.detail.taskArn; raw.resources = ['arn:aws:ecs:us-west-2:111122223333:cluster/prod']; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.taskArn is missing; the task ARN was taken from detail.containers[0].taskArn'],
    },
    {
      case: 'no task ARN but in a long-format container ARN',
      mutate: (raw) => { delete raw.detail.taskArn; raw.resources = []; delete raw.detail.containers[0]!.taskArn; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.taskArn is missing; the task ARN was taken from detail.containers[0].containerArn'],
    },
    {
      case: 'no task ARN anywhere, but a cluster, group and task definition: an alert that names no task',
      mutate: (raw) => {
        delete raw.detail.taskArn;
        raw.resources = [];
        raw.detail.containers[0]!.taskArn = 'not-an-arn';
        raw.detail.containers[0]!.containerArn = 'arn:aws:ecs:us-west-2:111122223333:container/1b880018-3a98-c3c7-c3fe-2cb38572d24e';
      },
      taskArn: undefined, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: no task ARN in detail.taskArn, resources or the containers; the alert names no task'],
    },
    {
      case: 'no detail.clusterArn: derived from the long-format task ARN',
      mutate: (raw) => { delete raw.detail.clusterArn; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.clusterArn is missing; the cluster was taken from the task ARN'],
    },
    {
      case: 'no detail.clusterArn and an old short task ARN: from the container instance ARN',
      mutate: (raw) => { delete raw.detail.clusterArn; raw.detail.taskArn = SHORT_TASK_ARN; },
      taskArn: SHORT_TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.clusterArn is missing; the cluster was taken from detail.containerInstanceArn'],
    },
    {
      case: 'no detail.clusterArn, short ARNs, no container instance (Fargate): from the container ARN',
      mutate: (raw) => { delete raw.detail.clusterArn; raw.detail.taskArn = SHORT_TASK_ARN; delete raw.detail.containerInstanceArn; },
      taskArn: SHORT_TASK_ARN, clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.clusterArn is missing; the cluster was taken from the ARN of container worker'],
    },
    {
      case: 'no cluster anywhere: an alert that names no cluster',
      mutate: (raw) => {
        delete raw.detail.clusterArn;
        raw.detail.taskArn = SHORT_TASK_ARN;
        delete raw.detail.containerInstanceArn;
        raw.detail.containers[0]!.containerArn = 'arn:aws:ecs:us-west-2:111122223333:container/1b880018-3a98-c3c7-c3fe-2cb38572d24e';
      },
      taskArn: SHORT_TASK_ARN, clusterArn: undefined,
      warnings: ['partial event: no cluster in detail.clusterArn or any ARN of the event; the alert names no cluster'],
    },
    {
      case: 'no detail.lastStatus but stoppedAt: STOPPED',
      mutate: (raw) => { delete raw.detail.lastStatus; },
      taskArn: TASK_ARN, clusterArn: CLUSTER_ARN, lastStatus: 'STOPPED',
      warnings: ['partial event: detail.lastStatus is missing; taken as STOPPED since detail.stoppedAt is set'],
    },
    {
      case: 'the trimmed fixture with no taskArn',
      fixture: 'stopped-no-task-arn', mutate: () => undefined,
      taskArn: 'arn:aws:ecs:us-west-2:111122223333:task/prod/8d0f2b4c6e8a4b0d9f1e3a5c7b9d1f3e', clusterArn: CLUSTER_ARN,
      warnings: ['partial event: detail.taskArn is missing; the task ARN was taken from resources[0]'],
    },
    {
      case: 'the trimmed fixture with neither taskArn nor clusterArn nor container task ARNs',
      fixture: 'stopped-trimmed-no-cluster-arn', mutate: () => undefined,
      taskArn: 'arn:aws:ecs:us-west-2:111122223333:task/prod/1e3a5c7e9b1d4f3a5c7e9b1d3f5a7c9e', clusterArn: CLUSTER_ARN,
      warnings: [
        'partial event: detail.taskArn is missing; the task ARN was taken from resources[0]',
        'partial event: detail.clusterArn is missing; the cluster was taken from the task ARN',
      ],
    },
  ])('$case', ({ fixture, mutate, taskArn, clusterArn, lastStatus, warnings }) => {
    const event = taskEventOf(variant(fixture ?? 'stopped-essential-exit', mutate));
    expect(event.detail.taskArn).toBe(taskArn);
    expect(event.detail.clusterArn).toBe(clusterArn);
    expect(event.detail.lastStatus).toBe(lastStatus ?? 'STOPPED');
    expect(event.warnings).toEqual(warnings);
    const alert = normalizeEvent(event);
    // The failure is still classified and alerted, and the alert says the event was partial.
    expect(alert.severity).not.toBe('info');
    expect(alert.warnings).toEqual(warnings);
    expect(alert.labels.taskId).toBe(taskArn?.split('/').pop());
    expect(alert.labels.cluster).toBe(clusterArn === undefined ? undefined : 'prod');
  });

  it('a trimmed failure keeps the verdict and fingerprint of the full event', () => {
    const full = normalizeEvent(taskEventOf(variant('stopped-no-task-arn', (raw) => {
      raw.detail.taskArn = raw.resources[0];
    })));
    const trimmed = normalizeEvent(taskEventOf(variant('stopped-no-task-arn', () => undefined)));
    expect({ ...trimmed, warnings: [] }).toEqual(full);
    expect(trimmed).toMatchObject({ category: 'task-init', severity: 'critical', labels: { service: 'billing-api', taskId: '8d0f2b4c6e8a4b0d9f1e3a5c7b9d1f3e' } });
  });
});

describe('a task state change is skipped only when nothing says which task it is', () => {
  const stripped = (raw: Raw): void => {
    for (const key of ['taskArn', 'clusterArn', 'group', 'taskDefinitionArn', 'containerInstanceArn']) delete raw.detail[key];
    raw.resources = [];
    raw.detail.containers = [];
  };

  it.each<{ case: string; mutate: (raw: Raw) => void; path: string; message: string }>([
    {
      case: 'no task ARN, cluster, group or task definition anywhere',
      mutate: stripped,
      path: 'detail.taskArn',
      message: 'detail.taskArn: expected a non-empty string, got nothing, and nothing else in the event says which task stopped (no task ARN in resources or containers, no cluster, group or task definition)',
    },
    {
      case: 'the same with taskArn as a number',
      mutate: (raw) => { stripped(raw); raw.detail.taskArn = 7; },
      path: 'detail.taskArn',
      message: 'detail.taskArn: expected a non-empty string, got a number, and nothing else in the event says which task stopped (no task ARN in resources or containers, no cluster, group or task definition)',
    },
    {
      case: 'no lastStatus and no stoppedAt: the status cannot be told',
      mutate: (raw) => { delete raw.detail.lastStatus; delete raw.detail.stoppedAt; },
      path: 'detail.lastStatus',
      message: 'detail.lastStatus: expected a non-empty string, got nothing',
    },
  ])('$case', ({ mutate, path, message }) => {
    const result = parseEvent(variant('stopped-essential-exit', mutate));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(MalformedEventError);
    expect(result.error).toMatchObject({ reason: SKIP_REASONS.malformedDetail, path, message });
  });

  it.each(['group', 'taskDefinitionArn', 'clusterArn'])('%s alone is enough to alert', (kept) => {
    const event = taskEventOf(variant('stopped-essential-exit', (raw) => {
      const value = raw.detail[kept];
      stripped(raw);
      raw.detail[kept] = value;
    }));
    expect(event.detail.taskArn).toBeUndefined();
    expect(normalizeEvent(event).warnings).toContain('partial event: no task ARN in detail.taskArn, resources or the containers; the alert names no task');
  });
});
