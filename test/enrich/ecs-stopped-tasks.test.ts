import { DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { EcsContextReader } from '../../shared/enrich/ecs';

const ecs = mockClient(ECSClient);
const DEPLOYMENT = 'ecs-svc/2203718402285017365';
const task = (id: string, startedBy: string, stoppedAt: number, exitCode: number) => ({
  taskArn: `arn:aws:ecs:us-west-2:111122223333:task/prod/${id}`,
  startedBy,
  stopCode: 'EssentialContainerExited' as const,
  stoppedReason: 'Essential container in task exited',
  stoppedAt: new Date(stoppedAt),
  containers: [{ name: 'app', exitCode }],
});

describe('EcsContextReader.stoppedTasks', () => {
  beforeEach(() => ecs.reset());
  const reader = () => new EcsContextReader({ client: new ECSClient({ region: 'us-west-2' }), rateLimitPerSecond: 1000 });

  it('keeps the deployment\'s stopped tasks, newest first, in one ListTasks and one DescribeTasks', async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: ['a', 'b', 'c'].map((id) => `arn:aws:ecs:us-west-2:111122223333:task/prod/${id}`) });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [task('a', DEPLOYMENT, 1_000, 1), task('b', 'ecs-svc/1', 3_000, 143), task('c', DEPLOYMENT, 2_000, 2)] });
    const r = reader();
    const result = await r.stoppedTasks('prod', 'payments-api', DEPLOYMENT);
    expect(result.failure).toBeUndefined();
    expect(result.tasks.map((t) => [t.taskId, t.containers[0]?.exitCode])).toEqual([['c', 2], ['a', 1]]);
    expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toEqual({ cluster: 'prod', serviceName: 'payments-api', desiredStatus: 'STOPPED', maxResults: 100 });
    await r.stoppedTasks('prod', 'payments-api', DEPLOYMENT);
    expect(r.calls).toMatchObject({ ListTasks: 1, DescribeTasks: 1 });
  });

  it('makes no DescribeTasks call when nothing stopped', async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    const r = reader();
    expect(await r.stoppedTasks('prod', 'web', DEPLOYMENT)).toEqual({ tasks: [] });
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });

  it.each([
    { case: 'ListTasks denied', failing: 'list', error: 'AccessDeniedException', reason: 'access-denied: AccessDeniedException', source: 'ecs:ListTasks' },
    { case: 'DescribeTasks throttled', failing: 'describe', error: 'ThrottlingException', reason: 'throttled: ThrottlingException', source: 'ecs:DescribeTasks' },
  ])('degrades when $case', async ({ failing, error, reason, source }) => {
    const rejection = Object.assign(new Error(error), { name: error, $metadata: { httpStatusCode: 400 } });
    if (failing === 'list') ecs.on(ListTasksCommand).rejects(rejection);
    else ecs.on(ListTasksCommand).resolves({ taskArns: ['arn:aws:ecs:us-west-2:111122223333:task/prod/a'] });
    if (failing === 'describe') ecs.on(DescribeTasksCommand).rejects(rejection);
    expect(await reader().stoppedTasks('prod', 'payments-api', DEPLOYMENT)).toEqual({ tasks: [], failure: { source, reason } });
  });
});
