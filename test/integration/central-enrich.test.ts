import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileConfigText } from '../../shared/compile';
import { createDelivery, MemoryDeadLetters, type Publisher, type RenderedMessage } from '../../shared/deliver';
import type { EnrichedAlert } from '../../shared/enrich';
import { AccountContextProvider } from '../../shared/enrich/accounts';
import { AssumedRoleCredentials, createStsApiLoader } from '../../shared/enrich/assume-role';
import { createPipeline, type EventReport, routeWith } from '../../shared/pipeline';
import { MemoryStateStore } from '../../shared/state';
import { loadRawFixture } from '../support/fixtures';
import { type LocalEcs, recordedEcsCatalog, startLocalEcs } from '../support/local-ecs';
import { type LocalLogs, startLocalLogs } from '../support/local-logs';
import { type LocalSts, startLocalSts } from '../support/local-sts';

// Central mode against two loopback "accounts" that both have a cluster named `prod` running a
// service named `payments-api`, with different data: the member's (111122223333, through its
// read role) and the central account's own (999988887777, the function's credentials). STS
// answers AssumeRole over the Query protocol. An event is enriched from its own account only.

const CENTRAL = '999988887777';
const MEMBER = '111122223333';
const STRANGER = '444455556666';
const REGION = 'us-west-2';
const EXTERNAL_ID = 'herald-7f3c9a1e';
const ROLE_ARN = `arn:aws:iam::${MEMBER}:role/ecs-herald-read-${REGION}`;
/** The router's own credentials (its role in the central account). */
const CENTRAL_CREDENTIALS = { accessKeyId: 'AKIACENTRAL999988887777', secretAccessKey: 'central-secret' };
/** What STS hands out for the member's read role. */
const MEMBER_ROLE = { externalId: EXTERNAL_ID, accessKeyId: 'ASIAMEMBER111122223333', secretAccessKey: 'member-secret', sessionToken: 'member-session-token' };
const OUTPUT_DIR = join(tmpdir(), 'ecs-herald-central-test');

const CONFIG = compileConfigText(
  [
    'topics: { oncall: { emails: [oncall@example.com] }, payments: { emails: [payments@example.com] } }',
    'default: { notify: [oncall] }',
    'routes:',
    // `team` is the member's service tag; `accountAlias` comes from accounts.members.
    '  - { name: payments-team, match: { team: [payments], accountAlias: [prod-payments] }, notify: [payments] }',
    'accounts:',
    `  central: { account: '${CENTRAL}', region: ${REGION}, alias: central-ops }`,
    '  members:',
    `    - { id: '${MEMBER}', alias: prod-payments, regions: [${REGION}, us-east-1] }`,
    `  external_id: ${EXTERNAL_ID}`,
  ].join('\n'),
  'central-test.yml',
);

/** The central account's own `prod/payments-api`: same names, other data (9 of 9 running, team ledger). */
const centralCatalog = () => {
  const catalog = recordedEcsCatalog();
  const service = catalog.services[0] as Record<string, unknown>;
  Object.assign(service, {
    serviceArn: `arn:aws:ecs:${REGION}:${CENTRAL}:service/prod/payments-api`,
    desiredCount: 9,
    runningCount: 9,
    pendingCount: 0,
    deployments: [],
    tags: [{ key: 'team', value: 'ledger' }],
  });
  return catalog;
};

class RecordingPublisher implements Publisher {
  public readonly sent: { topic: string; message: RenderedMessage }[] = [];
  public async publish(topic: { name: string }, message: RenderedMessage): Promise<string> {
    this.sent.push({ topic: topic.name, message });
    return `mem://${topic.name}/${this.sent.length}`;
  }
}

let memberEcs: LocalEcs;
let memberLogs: LocalLogs;
let centralEcs: LocalEcs;
let centralLogs: LocalLogs;
let sts: LocalSts;
const servers = () => [memberEcs, memberLogs, centralEcs, centralLogs, sts];

beforeAll(async () => {
  [memberEcs, memberLogs, centralEcs, centralLogs, sts] = await Promise.all([
    startLocalEcs(recordedEcsCatalog()),
    startLocalLogs(),
    startLocalEcs(centralCatalog()),
    startLocalLogs(),
    startLocalSts({ [ROLE_ARN]: MEMBER_ROLE }),
  ]);
  mkdirSync(OUTPUT_DIR, { recursive: true });
});
afterEach(() => {
  for (const server of servers()) server.reset();
});
afterAll(async () => {
  await Promise.all(servers().map((s) => s.close()));
});

/** A central-mode provider whose clients reach each account's loopback servers; the central account's with the router's own credentials. */
const providerWith = (externalId = EXTERNAL_ID) => {
  if (CONFIG.accounts === undefined) throw new Error('the test configuration has no accounts');
  return new AccountContextProvider({
    accounts: CONFIG.accounts,
    enrich: CONFIG.enrich,
    externalId,
    sessionName: 'ecs-herald-prod-router',
    sts: createStsApiLoader({ endpoint: sts.endpoint, region: REGION, credentials: async () => CENTRAL_CREDENTIALS }),
    clientConfigFor: ({ account, service }) =>
      account === MEMBER
        ? { endpoint: service === 'ecs' ? memberEcs.endpoint : memberLogs.endpoint }
        : { endpoint: service === 'ecs' ? centralEcs.endpoint : centralLogs.endpoint, credentials: async () => CENTRAL_CREDENTIALS },
  });
};

/** The OOM fixture as if it came from `account` (and `region`). */
const oomFrom = (account: string, region = REGION): Record<string, unknown> => {
  const event = loadRawFixture('ecs-task/stopped-oom');
  const text = JSON.stringify(event).replaceAll(`:${MEMBER}:`, `:${account}:`).replaceAll(`"${MEMBER}"`, `"${account}"`).replaceAll(`:${REGION}:`, `:${region}:`).replaceAll(`"${REGION}"`, `"${region}"`);
  return JSON.parse(text) as Record<string, unknown>;
};

const run = async (event: Record<string, unknown>, provider = providerWith()) => {
  const publisher = new RecordingPublisher();
  const delivery = createDelivery({ topics: CONFIG.targets, publisher, log: new MemoryStateStore(), deadLetters: new MemoryDeadLetters() });
  const pipeline = createPipeline({ delivery, route: routeWith(CONFIG.routes), enrich: provider, normalize: CONFIG.normalize });
  const report: EventReport = await pipeline.processEvent(event);
  if (report.outcome !== 'alert') throw new Error(`expected an alert, got ${report.outcome}`);
  const alert = report.alert as EnrichedAlert;
  const email = publisher.sent[0]?.message;
  if (email === undefined || alert.context === undefined) throw new Error('nothing sent, or no context');
  return { report, alert, context: alert.context, email, sent: publisher.sent };
};

const unwrapped = (message: RenderedMessage): string => message.body.replace(/\s+/g, ' ');

describe('central mode: enrichment in the event\'s own account', () => {
  it.each([
    {
      case: 'a member account: through its read role, from its own data',
      account: MEMBER,
      ecs: () => memberEcs,
      other: () => centralEcs,
      signedBy: MEMBER_ROLE.accessKeyId,
      sessionToken: MEMBER_ROLE.sessionToken,
      assumed: 1,
      running: '2/4 running, 1 pending',
      team: 'payments',
      alias: 'prod-payments',
      route: 'payments-team',
    },
    {
      case: "the central account's own event: with the function's role, no AssumeRole",
      account: CENTRAL,
      ecs: () => centralEcs,
      other: () => memberEcs,
      signedBy: CENTRAL_CREDENTIALS.accessKeyId,
      sessionToken: undefined,
      assumed: 0,
      running: '9/9 running',
      team: 'ledger',
      alias: 'central-ops',
      route: 'default',
    },
  ])('$case', async ({ account, ecs, other, signedBy, sessionToken, assumed, running, team, alias, route }) => {
    const { alert, context, email, report } = await run(oomFrom(account));
    // The right account answered, with the right credentials; the other was never called.
    expect(ecs().requests.map((r) => r.operation).sort()).toEqual(['DescribeClusters', 'DescribeServices', 'DescribeTaskDefinition']);
    expect(new Set(ecs().requests.map((r) => [r.accessKeyId, r.sessionToken].join(' ')))).toEqual(new Set([[signedBy, sessionToken].join(' ')]));
    expect(other().requests).toEqual([]);
    expect(sts.requests.length).toBe(assumed);
    expect(context.failures).toEqual([]);
    expect(context.service?.arn).toBe(`arn:aws:ecs:${REGION}:${account}:service/prod/payments-api`);
    expect(alert.labels).toMatchObject({ account, region: REGION, accountAlias: alias, team });
    expect(report.routes.map((r) => r.route)).toEqual([route]);
    expect(unwrapped(email)).toContain(running);
    expect(email.body).toMatch(new RegExp(`\\n  account: +${alias} \\(${account}\\) ${REGION}\\n`));
    writeFileSync(join(OUTPUT_DIR, `${alias}.email.txt`), `Subject: ${email.subject ?? ''}\n\n${email.body}`);
  });

  it('assumes the role with the external id, a session name and one hour, signed by the router', async () => {
    await run(oomFrom(MEMBER));
    expect(sts.requests.map((r) => ({ action: r.action, roleArn: r.roleArn, externalId: r.externalId, sessionName: r.sessionName, durationSeconds: r.durationSeconds, accessKeyId: r.accessKeyId }))).toEqual([
      { action: 'AssumeRole', roleArn: ROLE_ARN, externalId: EXTERNAL_ID, sessionName: 'ecs-herald-prod-router', durationSeconds: 3600, accessKeyId: CENTRAL_CREDENTIALS.accessKeyId },
    ]);
  });

  it('caches per account and Region: a second alert from the member assumes nothing and describes nothing again', async () => {
    const provider = providerWith();
    await run(oomFrom(MEMBER), provider);
    const first = memberEcs.requests.length;
    await run(oomFrom(MEMBER), provider);
    expect(sts.requests.length).toBe(1);
    expect(memberEcs.requests.length).toBe(first);
    // The central account's `prod` is another cache entry: asked for, not answered from the member's.
    await run(oomFrom(CENTRAL), provider);
    expect(centralEcs.requests.length).toBeGreaterThan(0);
    expect(provider.callsOf(MEMBER, REGION)).toEqual({ DescribeServices: 1, DescribeClusters: 1, DescribeTaskDefinition: 1 });
    expect(provider.callsOf(CENTRAL, REGION)).toEqual({ DescribeServices: 1, DescribeClusters: 1, DescribeTaskDefinition: 1 });
  });

  it('assumes no role for an alert with nothing to look up (a Trusted Advisor check item)', async () => {
    const event = loadRawFixture('trusted-advisor/ebs-snapshot-aging-warn');
    const { context, alert } = await run({ ...event, account: MEMBER, region: 'us-east-1' });
    expect(alert.labels).toMatchObject({ account: MEMBER, accountAlias: 'prod-payments' });
    expect(context.failures).toEqual([]);
    for (const server of servers()) expect(server.requests).toEqual([]);
  });

  it.each([
    { case: 'an account herald.yml does not list', event: () => oomFrom(STRANGER), reason: `unknown-account: account ${STRANGER} is not listed in herald.yml accounts.members; not enriched` },
    { case: "a member's Region herald.yml does not list", event: () => oomFrom(MEMBER, 'eu-central-1'), reason: `unknown-account: Region eu-central-1 is not listed for account ${MEMBER} (prod-payments) in herald.yml accounts.members; not enriched` },
  ])('$case: reported, not enriched, no lookup anywhere', async ({ event, reason }) => {
    const { context, email, alert } = await run(event());
    for (const server of servers()) expect(server.requests).toEqual([]);
    expect(context.failures).toEqual([{ source: 'accounts', reason }]);
    expect(context.service).toBeUndefined();
    expect(alert.labels.team).toBeUndefined();
    expect(email.body).toContain('Partially enriched');
    expect(unwrapped(email)).toContain(`accounts: ${reason}`);
  });

  it('a role that cannot be assumed degrades the alert, never loses it, and never shows the external id', async () => {
    const { context, email, sent } = await run(oomFrom(MEMBER), providerWith('herald-wrong-id'));
    expect(sts.requests.map((r) => r.error)).toEqual(['AccessDenied']);
    expect(memberEcs.requests).toEqual([]);
    expect(centralEcs.requests).toEqual([]);
    expect(context.failures).toEqual([{ source: 'sts:AssumeRole', reason: `access-denied: AccessDenied (${ROLE_ARN})` }]);
    expect(sent.map((s) => s.topic)).toEqual(['oncall']);
    expect(unwrapped(email)).toContain(`Partially enriched sts:AssumeRole: access-denied: AccessDenied (${ROLE_ARN})`);
    expect(JSON.stringify(sent)).not.toContain('herald-wrong-id');
    expect(JSON.stringify(context)).not.toContain(EXTERNAL_ID);
  });
});

describe('assumed role credentials', () => {
  it('are asked once, shared, renewed five minutes before they expire, and a refusal is remembered for 5 s', async () => {
    let now = Date.now();
    const calls: string[] = [];
    const credentials = new AssumedRoleCredentials({
      roleArn: ROLE_ARN,
      externalId: EXTERNAL_ID,
      sts: createStsApiLoader({ endpoint: sts.endpoint, region: REGION, credentials: async () => CENTRAL_CREDENTIALS }),
      now: () => now,
      onCall: (call) => calls.push(call.failure ?? 'ok'),
    });
    const [a, b] = await Promise.all([credentials.provide(), credentials.provide()]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ accessKeyId: MEMBER_ROLE.accessKeyId, sessionToken: MEMBER_ROLE.sessionToken });
    now += 54 * 60_000;
    await credentials.provide();
    expect(sts.requests.length).toBe(1);
    now += 2 * 60_000; // 56 minutes: within 5 minutes of the hour's end
    await credentials.provide();
    expect(sts.requests.length).toBe(2);

    sts.inject({ deny: true, times: 1 });
    now += 60 * 60_000;
    expect(await credentials.check()).toEqual({ source: 'sts:AssumeRole', reason: `access-denied: AccessDenied (${ROLE_ARN})` });
    await expect(credentials.provide()).rejects.toThrow('sts:AssumeRole: access-denied: AccessDenied');
    expect(sts.requests.length).toBe(3);
    now += 5_000;
    expect(await credentials.check()).toBeUndefined();
    expect(calls).toEqual(['ok', 'ok', 'access-denied', 'ok']);
  });
});
