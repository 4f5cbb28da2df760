import { formatIssue, loadConfigText } from '../../shared/config';
import { compileEnrichSettings } from '../../shared/enrich';
import { archiveSettings } from '../../shared/history';
import { deriveEventRules } from '../../shared/route';

/**
 * `history:` (the EventBridge archive of herald's events) and `enrich.instance_logs` (the
 * instance logs of agent-disconnected and impaired container instances): every form that loads,
 * every problem with its exact message, the defaults they compile to.
 */

const FILE = 'herald.yml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const issuesOf = (text: string): string[] => loadConfigText(text, FILE).issues.map(formatIssue);
const configOf = (...lines: string[]) => {
  const { config, issues } = loadConfigText(yaml('topics: { oncall: {} }', 'default: { notify: [oncall] }', ...lines), FILE);
  if (config === undefined) throw new Error(issues.map(formatIssue).join('\n'));
  return config;
};

describe('history and instance_logs: every form loads', () => {
  it.each([
    { case: 'a retention', lines: ['history: { retention: 90d }'] },
    { case: 'the archive off', lines: ['history: { archive: false }'] },
    { case: 'ten years', lines: ['history: { retention: 3650d }'] },
    { case: 'instance logs off', lines: ['enrich: { instance_logs: false }'] },
    { case: 'the classic ECS layout', lines: ['enrich:', '  instance_logs: { stream: "{cluster}/{container_instance_id}", lines: 5 }'] },
    { case: 'groups of their own', lines: ['enrich:', '  instance_logs:', '    groups: [/ecs/agent, /var/log/messages]'] },
  ])('$case', ({ lines }) => {
    expect(loadConfigText(yaml('topics: {}', ...lines), FILE)).toMatchObject({ config: expect.anything(), issues: [] });
  });
});

describe('history and instance_logs: what is wrong, and where', () => {
  it.each([
    { case: 'a retention in hours', lines: ['history: { retention: 36h }'], issues: ['herald.yml:2:23: history.retention: expected whole days such as "30d" (1d to 3650d)'] },
    { case: 'a retention of no days', lines: ['history: { retention: 0d }'], issues: ['herald.yml:2:23: history.retention: expected whole days such as "30d" (1d to 3650d)'] },
    { case: 'a retention over ten years', lines: ['history: { retention: 3651d }'], issues: ['herald.yml:2:23: history.retention: expected whole days such as "30d" (1d to 3650d)'] },
    { case: 'a mistyped key', lines: ['history: { retension: 30d }'], issues: ['herald.yml:2:12: history.retension: unknown key "retension" (did you mean "retention"?); expected one of: archive, retention'] },
    { case: 'archive as a word', lines: ['history: { archive: yes }'], issues: ['herald.yml:2:21: history.archive: expected true or false, got the string "yes"'] },
    {
      case: 'an unknown placeholder',
      lines: ['enrich:', '  instance_logs: { stream: "{cluster}/{instance}" }'],
      issues: ['herald.yml:3:28: enrich.instance_logs.stream: unknown placeholder {instance}; a stream template may use {instance_id}, {cluster}, {container_instance_id}'],
    },
    {
      case: 'a stream with no placeholder (one stream for every instance)',
      lines: ['enrich:', '  instance_logs: { stream: agent }'],
      issues: ['herald.yml:3:28: enrich.instance_logs.stream: a stream template names each instance\'s stream: use {instance_id}, {cluster}, {container_instance_id}'],
    },
    { case: 'too many lines', lines: ['enrich:', '  instance_logs: { lines: 80 }'], issues: ['herald.yml:3:27: enrich.instance_logs.lines: at most 50 lines per stream'] },
    {
      case: 'a group name IAM cannot hold',
      lines: ['enrich:', '  instance_logs: { groups: ["/var/log/*"] }'],
      issues: ['herald.yml:3:29: enrich.instance_logs.groups[0]: expected a log group name such as "/var/log/ecs/ecs-agent.log": letters, digits, "_", "-", ".", "/" or "#" (at most 512)'],
    },
    {
      case: 'a mistyped key',
      lines: ['enrich:', '  instance_logs: { group: [/x] }'],
      issues: ['herald.yml:3:20: enrich.instance_logs.group: unknown key "group" (did you mean "groups"?); expected one of: groups, stream, lines'],
    },
  ])('$case', ({ lines, issues }) => {
    expect(issuesOf(yaml('topics: {}', ...lines))).toEqual(issues);
  });
});

describe('history: the archive it deploys', () => {
  it.each([
    { case: 'no section: on, 30 days', lines: [], days: 30 },
    { case: 'a retention', lines: ['history: { retention: 7d }'], days: 7 },
    { case: 'the archive off', lines: ['history: { archive: false, retention: 7d }'], days: undefined },
  ])('$case', ({ lines, days }) => {
    const config = configOf(...lines);
    expect(archiveSettings(config)?.retentionDays).toBe(days);
  });

  it('keeps the union of the rules, exactly', () => {
    const config = configOf();
    const rules = deriveEventRules(config);
    expect(archiveSettings(config)).toEqual({ pattern: { $or: rules.map((r) => r.pattern) }, exact: true, retentionDays: 30 });
  });

  it('keeps nothing when no route notifies (no rule, nothing reaches the router)', () => {
    const { config } = loadConfigText(yaml('topics: { oncall: {} }', 'default: { notify: [] }'), FILE);
    expect(config === undefined ? 'invalid' : archiveSettings(config)).toBeUndefined();
  });

  it('falls back to the rules\' sources and detail-types when the union is over the pattern limit', () => {
    const config = configOf();
    const [ecs, ...others] = deriveEventRules(config);
    if (ecs === undefined) throw new Error('no rule');
    // A rule narrowed by many clusters: 2,048 characters alone.
    const clusters = Array.from({ length: 80 }, (_, i) => ({ suffix: `cluster/a-long-cluster-name-${i}` }));
    const narrowed: typeof ecs = { ...ecs, pattern: { ...ecs.pattern, detail: { clusterArn: clusters } } };
    const settings = archiveSettings(config, [narrowed, ...others]);
    expect(settings?.exact).toBe(false);
    expect(settings?.pattern).toEqual({ $or: [narrowed, ...others].map((r) => ({ source: r.pattern.source, 'detail-type': r.pattern['detail-type'] })) });
  });
});

describe('instance_logs: what enrichment reads', () => {
  it.each([
    { case: 'no section: the CloudWatch agent\'s layout', lines: [], settings: { groups: ['/var/log/ecs/ecs-agent.log', '/var/log/ecs/ecs-init.log', '/var/log/messages', '/var/log/docker'], stream: '{instance_id}', lines: 10 } },
    { case: 'off', lines: ['enrich: { instance_logs: false }'], settings: undefined },
    { case: 'the classic layout', lines: ['enrich: { instance_logs: { stream: "{cluster}/{container_instance_id}", groups: [/ecs/agent] } }'], settings: { groups: ['/ecs/agent'], stream: '{cluster}/{container_instance_id}', lines: 10 } },
  ])('$case', ({ lines, settings }) => {
    expect(compileEnrichSettings(configOf(...lines)).instanceLogs).toEqual(settings);
  });
});
