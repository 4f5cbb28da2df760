import { performance } from 'node:perf_hooks';
import { type AccountRouter, startAccountRouter } from '../support/account-router';
import { type LocalEcs, recordedEcsCatalog, startLocalEcs } from '../support/local-ecs';
import { type LocalLogs, startLocalLogs } from '../support/local-logs';
import { type LocalSts, startLocalSts } from '../support/local-sts';
import { eventId, FIXTURE_TIME, oomEvent, type RawEvent, taskId } from './events';
import { deliveryFigures, type Figures, reportFigures } from './figures';
import type { PublishedMessage } from './messages';
import { startWorld, type World } from './world';

// m. Central mode (many accounts) on the built router bundle (test/fixtures/config/central-scenario.yml): the
// function runs in the central account 999988887777 with its own credentials; member
// 111122223333 is read through its role. Both accounts have a cluster `prod` running
// `payments-api`, with different data, behind one ECS endpoint that answers each request in the
// account whose credentials signed it, as AWS does. An OOM kill from the member, one from the
// central account and one from an account herald.yml does not list.

const CENTRAL = '999988887777';
const MEMBER = '111122223333';
const STRANGER = '444455556666';
const ROLE_ARN = `arn:aws:iam::${MEMBER}:role/ecs-herald-read-us-west-2`;
const MEMBER_ROLE = { externalId: 'herald-7f3c9a1e', accessKeyId: 'ASIAMEMBER111122223333', secretAccessKey: 'member-secret', sessionToken: 'member-session' };

/** The task whose log stream the loopback CloudWatch Logs holds (the recorded crash). */
const RECORDED_TASK = 'cbc32545b881445133440842bacf91ce';

/** The OOM kill of `oomEvent`, as if from `account` (the member's is the recorded task, with its log tail). */
const oomFrom = (account: string, n: number): RawEvent =>
  JSON.parse(JSON.stringify(oomEvent({ id: eventId('m', n), service: 'payments-api', task: account === MEMBER ? RECORDED_TASK : taskId('m', n), at: FIXTURE_TIME + n * 1000 })).replaceAll(`:${MEMBER}:`, `:${account}:`).replaceAll(`"${MEMBER}"`, `"${account}"`)) as RawEvent;

/** The central account's own `prod/payments-api`: 9 of 9 running, tagged team=ledger. */
const centralCatalog = () => {
  const catalog = recordedEcsCatalog();
  Object.assign(catalog.services[0] as Record<string, unknown>, {
    serviceArn: `arn:aws:ecs:us-west-2:${CENTRAL}:service/prod/payments-api`,
    desiredCount: 9, runningCount: 9, pendingCount: 0, deployments: [], tags: [{ key: 'team', value: 'ledger' }],
  });
  return catalog;
};

describe('m. central mode: each event enriched in its own account, on the built router', () => {
  let world: World;
  let memberEcs: LocalEcs;
  let memberLogs: LocalLogs;
  let sts: LocalSts;
  let ecsFront: AccountRouter;
  let logsFront: AccountRouter;
  const events = { member: oomFrom(MEMBER, 0), central: oomFrom(CENTRAL, 1), stranger: oomFrom(STRANGER, 2) };
  const sent: Record<keyof typeof events, PublishedMessage | undefined> = { member: undefined, central: undefined, stranger: undefined };
  let centralEcsRequests: { operation: string; accessKeyId: string | undefined }[] = [];

  beforeAll(async () => {
    const started = performance.now();
    [memberEcs, memberLogs, sts] = await Promise.all([startLocalEcs(recordedEcsCatalog()), startLocalLogs(), startLocalSts({ [ROLE_ARN]: MEMBER_ROLE })]);
    // The world's own ECS and CloudWatch Logs are the central account's.
    world = await startWorld({ startAt: FIXTURE_TIME, ecsCatalog: centralCatalog(), bundles: 'central', environment: { AWS_ENDPOINT_URL_STS: sts.endpoint } });
    [ecsFront, logsFront] = await Promise.all([
      startAccountRouter({ [MEMBER_ROLE.accessKeyId]: memberEcs.endpoint }, world.ecs.endpoint),
      startAccountRouter({ [MEMBER_ROLE.accessKeyId]: memberLogs.endpoint }, world.cloudWatchLogs.endpoint),
    ]);
    process.env.AWS_ENDPOINT_URL_ECS = ecsFront.endpoint;
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = logsFront.endpoint;
    for (const event of Object.values(events)) {
      const result = await world.router.invoke(event);
      if (result.error !== undefined) throw result.error;
    }
    const messages = world.messages();
    for (const key of Object.keys(events) as (keyof typeof events)[]) sent[key] = messages.find((m) => m.eventId === events[key].id);
    centralEcsRequests = world.ecs.requests.map((r) => ({ operation: r.operation, accessKeyId: r.accessKeyId }));
    const figures: Figures = {
      events: Object.keys(events).length,
      memberEcsCalls: memberEcs.requests.length,
      memberLogCalls: memberLogs.requests.length,
      centralEcsCalls: world.ecs.requests.length,
      assumeRoleCalls: sts.requests.length,
      memberCallsSignedByMemberRole: memberEcs.requests.filter((r) => r.accessKeyId === MEMBER_ROLE.accessKeyId).length,
      ...deliveryFigures(messages, world.deadLetterQueue.messages.length),
      elapsedMs: Math.round(performance.now() - started),
    };
    await world.close();
    reportFigures('m', 'central-mode', figures, { memberEmail: `Subject: ${sent.member?.subject ?? ''}\n\n${sent.member?.body ?? ''}` });
  }, 90_000);
  afterAll(async () => {
    await world?.close();
    await Promise.all([memberEcs, memberLogs, sts, ecsFront, logsFront].map((s) => s?.close()));
  });

  it("enriches the member's alert from the member's data, through the assumed role, and names the account", () => {
    const body = sent.member?.body.replace(/\s+/g, ' ') ?? '';
    expect(sent.member?.body).toContain('[CRITICAL] oom | prod-payments | cluster prod | service payments-api');
    expect(body).toContain('2/4 running, 1 pending');
    expect(body).toContain(`account: prod-payments (${MEMBER}) us-west-2`);
    expect(body).toContain('FATAL ERROR: Reached heap limit');
    expect(body).not.toContain('Partially enriched');
    expect(new Set(memberEcs.requests.map((r) => r.accessKeyId))).toEqual(new Set([MEMBER_ROLE.accessKeyId]));
    expect(new Set(memberLogs.requests.map((r) => r.accessKeyId))).toEqual(new Set([MEMBER_ROLE.accessKeyId]));
    expect(sts.requests.map((r) => [r.roleArn, r.externalId, r.accessKeyId])).toEqual([[ROLE_ARN, MEMBER_ROLE.externalId, 'AKIDSCENARIOS']]);
  });

  it("enriches the central account's own alert from its own data, with the function's credentials", () => {
    const body = sent.central?.body.replace(/\s+/g, ' ') ?? '';
    expect(body).toContain('9/9 running');
    expect(body).toContain(`account: central-ops (${CENTRAL}) us-west-2`);
    expect(centralEcsRequests.length).toBeGreaterThan(0);
    expect(new Set(centralEcsRequests.map((r) => r.accessKeyId))).toEqual(new Set(['AKIDSCENARIOS']));
  });

  it('reports an unlisted account, and looks nothing up for it anywhere', () => {
    const body = sent.stranger?.body.replace(/\s+/g, ' ') ?? '';
    expect(body).toContain(`Partially enriched accounts: unknown-account: account ${STRANGER} is not listed in herald.yml accounts.members; not enriched`);
    // Each account was asked once for its own event: DescribeServices, DescribeClusters, DescribeTaskDefinition.
    expect(memberEcs.requests.map((r) => r.operation).sort()).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition']);
    expect(centralEcsRequests.map((r) => r.operation).sort()).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition']);
  });
});
