import { loadRawFixture } from '../support/fixtures';
import { type LogStreams, recordedLogStreams, type WireLogEvent } from '../support/local-logs';
import { routeEvent } from './remediation';
import { startWorld, type World } from './world';

// An impaired EC2 container instance on the built router bundle: its alert goes out with the
// last lines of the instance's ECS agent and system logs, read from the CloudWatch agent's groups
// (stream per instance id), a secret the agent logged redacted, the groups it does not ship named.

const INSTANCE = 'i-07e1c2d3a4b5c6d7e';
const AT = Date.parse('2026-05-12T18:34:13Z');
const AGENT: WireLogEvent[] = [
  { timestamp: AT - 20_000, message: 'level=warn time=2026-05-12T18:33:53Z msg="ACS websocket connection closed" error="unexpected EOF" module=acs_handler.go\n' },
  { timestamp: AT - 10_000, message: 'level=info time=2026-05-12T18:34:03Z msg="Refreshing credentials" token="ghp_0123456789abcdefghijABCDEFGHIJ012345" module=credentials.go\n' },
  { timestamp: AT - 1_000, message: 'level=error time=2026-05-12T18:34:12Z msg="Unable to connect to ACS" error="dial tcp 54.240.197.233:443: i/o timeout" module=acs_handler.go\n' },
];
const MESSAGES: WireLogEvent[] = [{ timestamp: AT - 5_000, message: 'May 12 18:34:08 ip-10-0-3-17 kernel: nf_conntrack: table full, dropping packet' }];

/** The container instance of ecs-container-instance/agent-disconnected. */
const DISCONNECTED = 'i-0f3a8506b2c4d6e81';

const streams: LogStreams = (group, stream) => {
  if (stream === DISCONNECTED && group === '/var/log/ecs/ecs-agent.log') return AGENT.slice(2);
  if (stream === INSTANCE && group === '/var/log/ecs/ecs-agent.log') return AGENT;
  if (stream === INSTANCE && group === '/var/log/messages') return MESSAGES;
  return recordedLogStreams(group, stream);
};

describe('instance logs in the alert of an impaired container instance (built bundle)', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ startAt: AT + 2_000, logStreams: streams });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('reads each group at the instance id and shows the redacted lines in the email', async () => {
    const from = world.cloudWatchLogs.requests.length;
    const step = await routeEvent(world, structuredClone(loadRawFixture('ecs-container-instance-health/agent-connectivity-impaired')));

    expect(step.messages).toHaveLength(1);
    const body = step.messages[0]?.body ?? '';
    expect(body).toContain(`Instance logs (${INSTANCE})`);
    expect(body).toContain('msg="Unable to connect to ACS" error="dial tcp 54.240.197.233:443: i/o timeout"');
    expect(body).toContain('nf_conntrack: table full, dropping packet');
    expect(body).toContain(`no stream ${INSTANCE} in /var/log/ecs/ecs-init.log, /var/log/docker`);
    expect(body).toContain('instance log /var/log/ecs/ecs-agent.log: https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#logsV2:');
    expect(body).not.toContain('ghp_0123456789');
    // The four groups, read at once (in any order) within the alert's budget.
    expect(world.cloudWatchLogs.requests.slice(from).map((r) => `${String(r.body.logGroupName)} ${String(r.body.logStreamName)}`).sort()).toEqual(
      ['/var/log/docker', '/var/log/ecs/ecs-agent.log', '/var/log/ecs/ecs-init.log', '/var/log/messages'].map((group) => `${group} ${INSTANCE}`),
    );
  });

  it('keeps the logs of an agent disconnect held for group_wait, and sends them with it when the wait ends', async () => {
    const event = structuredClone(loadRawFixture('ecs-container-instance/agent-disconnected'));
    const time = Date.parse(String(event.time));
    world.setClock(time + 1_000);
    const step = await routeEvent(world, event);
    // The shipped agent-disconnects route waits 5 minutes for the agent to come back.
    expect(step.messages).toEqual([]);

    const from = world.messages().length;
    world.setClock(time + 6 * 60_000);
    await world.runDigest();
    const sent = world.messages().slice(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toContain(`Instance logs (${DISCONNECTED})`);
    expect(sent[0]?.body).toContain('msg="Unable to connect to ACS"');
  });
});
