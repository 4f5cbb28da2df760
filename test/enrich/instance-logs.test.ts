import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { renderMessage } from '../../shared/deliver';
import { AwsContextProvider, ContainerInstanceReader, createRedactor, instanceLogStreamName, withContext } from '../../shared/enrich';
import { EcsContextReader } from '../../shared/enrich/ecs';
import { LogTailReader } from '../../shared/enrich/logs';
import type { InstanceLogSettings } from '../../shared/enrich/instance-logs-settings';
import { normalizeEvent } from '../../shared/normalize';
import { parseEvent } from '../../shared/events';
import { loadRawFixture } from '../support/fixtures';
import { startLocalEcs, type LocalEcs } from '../support/local-ecs';
import { startLocalLogs, type LocalLogs, type WireLogEvent } from '../support/local-logs';

// Instance logs of agent-disconnected and impaired container instances, read by the live
// provider from a loopback CloudWatch Logs (GetLogEvents) and ECS (DescribeContainerInstances):
// the CloudWatch agent's layout (a stream per instance id) and the classic ECS one
// ({cluster}/{container_instance_id}), redacted like task log tails, with console links.

const INSTANCE = 'i-0f3a8506b2c4d6e81';
const CONTAINER_INSTANCE = 'b54a2a04046f43319d743f6d7f6ca315';
const AT = Date.parse('2026-05-12T16:02:00Z');
const line = (offsetS: number, message: string): WireLogEvent => ({ timestamp: AT + offsetS * 1000, message });

const AGENT_LINES = [
  line(-40, 'level=info time=2026-05-12T16:01:20Z msg="Managed task [arn:aws:ecs:us-west-2:111122223333:task/prod/9f8e] is running" module=task_manager.go'),
  line(-31, 'level=warn time=2026-05-12T16:01:29Z msg="Error getting message from ws backend" error="read tcp 10.0.3.17:40312->54.240.197.233:443: i/o timeout" module=client.go'),
  line(-30, 'level=info time=2026-05-12T16:01:30Z msg="Reconnecting to ACS" credentials="AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" module=acs_handler.go'),
  line(-1, 'level=error time=2026-05-12T16:01:59Z msg="Unable to connect to ACS" error="dial tcp: lookup ecs-a-1.us-west-2.amazonaws.com: no such host" module=acs_handler.go'),
];
const MESSAGES = [
  line(-20, 'May 12 16:01:40 ip-10-0-3-17 kernel: ena 0000:00:05.0 eth0: Found a Tx that wasn\'t completed on time, qid 2'),
  line(-5, 'May 12 16:01:55 ip-10-0-3-17 dhclient[2301]: DHCPREQUEST on eth0 to 10.0.0.2 port 67 (xid=0x5ac3e1f2)'),
];
const CLASSIC = [line(-2, 'level=error msg="Unable to connect to ACS" module=acs_handler.go')];

const streams = (group: string, stream: string): readonly WireLogEvent[] | undefined => {
  if (group === '/var/log/ecs/ecs-agent.log' && stream === INSTANCE) return AGENT_LINES;
  if (group === '/var/log/messages' && stream === INSTANCE) return MESSAGES;
  if (group === '/var/log/ecs/ecs-init.log' && stream === INSTANCE) return [];
  if (group === '/ecs/ecs-agent' && stream === `prod/${CONTAINER_INSTANCE}`) return CLASSIC;
  return undefined;
};

const DEFAULTS: InstanceLogSettings = { groups: ['/var/log/ecs/ecs-agent.log', '/var/log/ecs/ecs-init.log', '/var/log/messages', '/var/log/docker'], stream: '{instance_id}', lines: 10 };

const disconnected = (mutate: (event: Record<string, unknown>) => void = () => undefined) => {
  const raw = structuredClone(loadRawFixture('ecs-container-instance/agent-disconnected'));
  mutate(raw);
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw parsed.error;
  return normalizeEvent(parsed.event);
};

describe('instance logs, from a loopback CloudWatch Logs', () => {
  let logs: LocalLogs;
  let ecs: LocalEcs;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  beforeAll(async () => {
    [logs, ecs] = await Promise.all([startLocalLogs(streams), startLocalEcs()]);
  });
  afterAll(async () => {
    await Promise.all([logs?.close(), ecs?.close()]);
  });

  const provider = (settings: InstanceLogSettings) => {
    const logsClient = new CloudWatchLogsClient({ endpoint: logs.endpoint, region: 'us-west-2', credentials });
    const ecsClient = new ECSClient({ endpoint: ecs.endpoint, region: 'us-west-2', credentials });
    const redactor = createRedactor();
    return new AwsContextProvider({
      ecs: new EcsContextReader({ client: ecsClient }),
      logs: new LogTailReader({ client: logsClient, redactor }),
      instanceLogs: { settings, logs: new LogTailReader({ client: logsClient, redactor, lines: settings.lines, groupPrefixes: settings.groups }), instances: new ContainerInstanceReader({ client: ecsClient }) },
    });
  };

  it('reads the last lines of each group at the instance id stream, redacted, with links; a group without it is missing', async () => {
    const alert = disconnected();
    const context = await provider(DEFAULTS).enrich(alert, undefined, 'full');
    expect(context.instanceLogs).toEqual({
      instanceId: INSTANCE,
      stream: INSTANCE,
      tails: [
        { group: '/var/log/ecs/ecs-agent.log', stream: INSTANCE, lines: [AGENT_LINES[0]?.message, AGENT_LINES[1]?.message, 'level=info time=2026-05-12T16:01:30Z msg="Reconnecting to ACS" credentials="[REDACTED:secret]" module=acs_handler.go', AGENT_LINES[3]?.message], redactions: 1 },
        { group: '/var/log/ecs/ecs-init.log', stream: INSTANCE, lines: [], redactions: 0 },
        { group: '/var/log/messages', stream: INSTANCE, lines: MESSAGES.map((m) => m.message), redactions: 0 },
      ],
      missing: ['/var/log/docker'],
    });
    expect(JSON.stringify(context.instanceLogs)).not.toContain('wJalrXUtnFEMI');
    expect(context.links.filter((l) => l.label.startsWith('instance log')).map((l) => l.label)).toEqual(['instance log /var/log/ecs/ecs-agent.log', 'instance log /var/log/ecs/ecs-init.log', 'instance log /var/log/messages']);
    expect(context.links[context.links.length - 3]?.url).toBe('https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:log-groups/log-group/$252Fvar$252Flog$252Fecs$252Fecs-agent.log/log-events/i-0f3a8506b2c4d6e81');
    // A missing stream is not a failed lookup: the alert is not "partially enriched" for it.
    expect(context.failures).toEqual([]);
    expect(logs.requestsFor('GetLogEvents').map((r) => [r.body.logGroupName, r.body.logStreamName, r.body.limit])).toEqual(DEFAULTS.groups.map((g) => [g, INSTANCE, 10]));
  });

  it('names the stream in the classic ECS layout, and finds the instance id with DescribeContainerInstances when the event lacks it', async () => {
    const from = ecs.requests.length;
    const alert = disconnected((raw) => {
      delete (raw.detail as Record<string, unknown>).ec2InstanceId;
    });
    const context = await provider({ groups: ['/ecs/ecs-agent'], stream: '{cluster}/{container_instance_id}', lines: 5 }).enrich(alert, undefined, 'full');
    expect(context.instanceLogs).toEqual({ stream: `prod/${CONTAINER_INSTANCE}`, tails: [{ group: '/ecs/ecs-agent', stream: `prod/${CONTAINER_INSTANCE}`, lines: [CLASSIC[0]?.message], redactions: 0 }], missing: [] });
    // The classic stream needs no instance id: ECS is not asked.
    expect(ecs.requests.slice(from).map((r) => r.operation)).not.toContain('DescribeContainerInstances');

    const withId = await provider(DEFAULTS).enrich(alert, undefined, 'full');
    expect(ecs.requests.slice(from).filter((r) => r.operation === 'DescribeContainerInstances').map((r) => r.body)).toEqual([{ cluster: 'prod', containerInstances: [CONTAINER_INSTANCE] }]);
    expect(withId.instanceLogs?.instanceId).toBe(INSTANCE);
  });

  it('reads nothing for a task alert, a routine instance change or a Fargate task', async () => {
    const before = logs.requests.length;
    const drained = normalizeEvent((() => {
      const parsed = parseEvent(loadRawFixture('ecs-container-instance/draining'));
      if (!parsed.ok) throw parsed.error;
      return parsed.event;
    })());
    const context = await provider(DEFAULTS).enrich(drained, undefined, 'full');
    expect(context.instanceLogs).toBeUndefined();
    expect(logs.requests.slice(before).filter((r) => r.operation === 'GetLogEvents' && String(r.body.logGroupName).startsWith('/var/log'))).toEqual([]);
  });

  it('shows them in the email under "Instance logs", secrets redacted, with links', async () => {
    const alert = disconnected();
    const enriched = withContext(alert, await provider(DEFAULTS).enrich(alert, undefined, 'full'));
    const email = renderMessage(enriched, 'email', { route: 'agent-disconnects', topic: 'oncall' });
    expect(email.body).toContain('Instance logs (i-0f3a8506b2c4d6e81)');
    expect(email.body).toContain('no stream i-0f3a8506b2c4d6e81 in /var/log/docker');
    expect(email.body).not.toContain('wJalrXUtnFEMI');
    const json = JSON.parse(renderMessage(enriched, 'json', { route: 'agent-disconnects', topic: 'oncall' }).body) as { instanceLogs?: { tails: unknown[] } };
    expect(json.instanceLogs?.tails).toHaveLength(3);
    expect(renderMessage(enriched, 'chat', { route: 'agent-disconnects', topic: 'oncall' }).body).toContain('Instance logs');
    if (process.env.SHOW_EMAIL === '1') process.stdout.write(`Subject: ${email.subject}\n\n${email.body}\n`);
  });
});

describe('instanceLogStreamName', () => {
  it.each([
    { case: 'the instance id', template: '{instance_id}', name: 'i-0f3a8506b2c4d6e81' },
    { case: 'the classic layout', template: '{cluster}/{container_instance_id}', name: `prod/${CONTAINER_INSTANCE}` },
    { case: 'text around', template: 'ecs/{cluster}/{instance_id}.log', name: 'ecs/prod/i-0f3a8506b2c4d6e81.log' },
    { case: 'no instance id known', template: '{instance_id}', values: { cluster: 'prod' }, name: undefined },
  ])('$case', ({ template, values, name }) => {
    expect(instanceLogStreamName(template, values ?? { instanceId: INSTANCE, cluster: 'prod', containerInstanceId: CONTAINER_INSTANCE })).toBe(name);
  });
});
