import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, loadConfigText } from '../../shared/config';

/**
 * `alarms:` in herald.yml: the string and list forms (what herald receives) keep their meaning,
 * the mapping form adds the alarms the stack creates; every problem with its exact message.
 */

const FILE = 'herald.yml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const issuesOf = (text: string): string[] => loadConfigText(text, FILE).issues.map(formatIssue);

const LB = 'app/prod-alb/0123456789abcdef';
const TG = 'targetgroup/payments-api/89abcdef01234567';
const SETTINGS = 'threshold, period, evaluation_periods, datapoints_to_alarm';

describe('alarms: every form loads', () => {
  it.each([
    { case: 'ecs', lines: ['alarms: ecs'] },
    { case: 'all', lines: ['alarms: all'] },
    { case: 'a list of namespaces', lines: ['alarms: [AWS/ApplicationELB, AWS/RDS]'] },
    { case: 'a mapping with receive only', lines: ['alarms: { receive: all }'] },
    { case: 'a mapping receiving namespaces', lines: ['alarms:', '  receive: [AWS/RDS]'] },
    { case: 'services with every kind of setting', lines: ['clusters: [prod]', 'alarms:', '  defaults: { cpu: { threshold: 85 }, running_tasks: false, target_5xx: { threshold: 5 } }', '  services:', '    - { cluster: prod, service: web, cpu: { period: 5m, evaluation_periods: 3, datapoints_to_alarm: 2 }, memory: true, running_tasks: { minimum: 2 } }', `    - { cluster: prod, service: api, memory: false, target_5xx: { load_balancer: ${LB}, target_group: ${TG} } }`] },
  ])('$case', ({ lines }) => {
    expect(loadConfigText(yaml('topics: {}', ...lines), FILE)).toMatchObject({ config: expect.anything(), issues: [] });
  });

  it('the fixture of the packaged stack', () => {
    expect(loadConfigText(readFileSync(join(__dirname, '..', 'fixtures', 'config', 'service-alarms.yml'), 'utf8'), FILE)).toMatchObject({ config: expect.anything(), issues: [] });
  });
});

describe('alarms: what is wrong, and where', () => {
  it.each([
    {
      case: 'a word that is neither ecs nor all (the string form, as before)',
      lines: ['alarms: some'],
      issues: ['herald.yml:2:9: alarms: expected "ecs" or "all", got the string "some"'],
    },
    {
      case: 'a number',
      lines: ['alarms: 5'],
      issues: ['herald.yml:2:9: alarms: expected "ecs", "all", a list of CloudWatch namespaces to add to the ECS ones, or a mapping of receive, defaults and services, got the number 5'],
    },
    {
      case: 'a misspelt key of the mapping',
      lines: ['alarms:', '  recieve: all'],
      issues: ['herald.yml:3:3: alarms.recieve: unknown key "recieve" (did you mean "receive"?); expected one of: receive, defaults, services'],
    },
    {
      case: 'receive: a wrong word',
      lines: ['alarms: { receive: none }'],
      issues: ['herald.yml:2:20: alarms.receive: expected "ecs" or "all", got the string "none"'],
    },
    {
      case: 'a misspelt alarm kind in defaults',
      lines: ['alarms:', '  defaults: { memroy: false }'],
      issues: ['herald.yml:3:15: alarms.defaults.memroy: unknown key "memroy" (did you mean "memory"?); expected one of: cpu, memory, running_tasks, target_5xx'],
    },
    {
      case: 'a misspelt setting',
      lines: ['alarms:', '  services:', '    - { cluster: prod, service: web, cpu: { treshold: 90 } }'],
      issues: [`herald.yml:4:45: alarms.services[0].cpu.treshold: unknown key "treshold" (did you mean "threshold"?); expected one of: ${SETTINGS}`],
    },
    {
      case: 'a threshold on running tasks, which compare with the desired count or a minimum',
      lines: ['alarms:', '  services:', '    - { cluster: prod, service: web, running_tasks: { threshold: 1 } }'],
      issues: ['herald.yml:4:55: alarms.services[0].running_tasks.threshold: unknown key "threshold"; expected one of: minimum, period, evaluation_periods, datapoints_to_alarm'],
    },
    {
      case: 'an alarm kind that is neither on, off nor settings',
      lines: ['alarms:', '  services:', '    - { cluster: prod, service: web, memory: yes }'],
      issues: ['herald.yml:4:46: alarms.services[0].memory: expected true, false or a mapping of threshold, period, evaluation_periods and datapoints_to_alarm, got the string "yes"'],
    },
    {
      case: 'a service without its cluster',
      lines: ['alarms:', '  services:', '    - { service: web }'],
      issues: ['herald.yml:4:7: alarms.services[0]: missing required key "cluster"'],
    },
    {
      case: 'a period that is not whole minutes',
      lines: ['alarms:', '  defaults: { cpu: { period: 90s } }'],
      issues: ['herald.yml:3:30: alarms.defaults.cpu.period: expected a whole number of minutes such as "1m", "5m" or "1h" (these metrics have one data point a minute)'],
    },
    {
      case: 'no evaluation period',
      lines: ['alarms:', '  defaults: { memory: { evaluation_periods: 0 } }'],
      issues: ['herald.yml:3:45: alarms.defaults.memory.evaluation_periods: expected at least 1, got the number 0'],
    },
    {
      case: 'a load balancer given by its ARN',
      lines: ['alarms:', '  services:', `    - { cluster: prod, service: web, target_5xx: { load_balancer: "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/${LB}", target_group: ${TG}, threshold: 5 } }`],
      issues: ['herald.yml:4:67: alarms.services[0].target_5xx.load_balancer: expected the load balancer as CloudWatch names it, "app/<name>/<id>": the end of its ARN, after "loadbalancer/"'],
    },
    {
      case: 'a target 5xx alarm without a threshold, here or in defaults',
      lines: ['alarms:', '  services:', `    - { cluster: prod, service: web, target_5xx: { load_balancer: ${LB}, target_group: ${TG} } }`],
      issues: ['herald.yml:4:50: alarms.services[0].target_5xx: missing key "threshold": how many 5xx responses per period are too many (AWS suggests about 5% of the target group\'s usual requests, its RequestCount); set it here or in alarms.defaults.target_5xx'],
    },
    {
      case: 'a cluster this deployment does not watch',
      lines: ['clusters: [prod]', 'alarms:', '  services:', '    - { cluster: staging, service: web }'],
      issues: ['herald.yml:5:18: alarms.services[0].cluster: cluster "staging" of service staging/web is not among the clusters this deployment watches (top-level clusters: prod)'],
    },
    {
      case: 'a service listed twice',
      lines: ['alarms:', '  services:', '    - { cluster: prod, service: web }', '    - { cluster: prod, service: web, cpu: false }'],
      issues: ['herald.yml:5:33: alarms.services[1].service: duplicate service prod/web; first defined at alarms.services[0]'],
    },
    {
      case: 'one target group for two services',
      lines: ['alarms:', '  defaults: { target_5xx: { threshold: 5 } }', '  services:', `    - { cluster: prod, service: web, target_5xx: { load_balancer: ${LB}, target_group: ${TG} } }`, `    - { cluster: prod, service: api, target_5xx: { load_balancer: ${LB}, target_group: ${TG} } }`],
      issues: [`herald.yml:6:112: alarms.services[1].target_5xx.target_group: target group ${TG} is already that of prod/web (alarms.services[0]): a target group serves one ECS service, whose alarms it labels`],
    },
    {
      case: 'more datapoints than evaluated periods, in defaults: said once, there',
      lines: ['alarms:', '  defaults: { cpu: { evaluation_periods: 3, datapoints_to_alarm: 4 } }', '  services:', '    - { cluster: prod, service: web, cpu: { period: 2m } }'],
      issues: ['herald.yml:3:20: alarms.defaults.cpu: datapoints_to_alarm (4) must not exceed evaluation_periods (3)'],
    },
    {
      case: 'more datapoints than evaluated periods, from defaults and service together',
      lines: ['alarms:', '  defaults: { cpu: { datapoints_to_alarm: 4 } }', '  services:', '    - { cluster: prod, service: web, cpu: { evaluation_periods: 2 } }'],
      issues: ['herald.yml:5:43: alarms.services[0].cpu: datapoints_to_alarm (4) must not exceed evaluation_periods (2)'],
    },
    {
      case: 'more than a day of periods under an hour',
      lines: ['alarms:', '  services:', '    - { cluster: prod, service: web, running_tasks: { period: 30m, evaluation_periods: 49 } }'],
      issues: ['herald.yml:4:53: alarms.services[0].running_tasks: 49 evaluation periods of 30m make 1d30m: CloudWatch evaluates at most 1d of periods under an hour, 7d of longer ones'],
    },
    {
      case: 'names too long for the alarm names',
      lines: ['alarms:', '  services:', `    - { cluster: ${'c'.repeat(60)}, service: ${'s'.repeat(60)} }`],
      issues: [`herald.yml:4:7: alarms.services[0]: cluster and service names of ${'c'.repeat(60)}/${'s'.repeat(60)} are 120 characters together, more than 111: alarm names ("<stack>-<cluster>/<service>-running-tasks", the stack's name up to 128 characters) must fit CloudWatch's 255`],
    },
    {
      case: 'a service with every alarm off (a warning)',
      lines: ['alarms:', '  defaults: { cpu: false, memory: false }', '  services:', '    - { cluster: prod, service: web, running_tasks: false }'],
      issues: ['herald.yml:5:7: warning: alarms.services[0]: service prod/web gets no alarm: cpu, memory and running_tasks are off and it names no target_5xx'],
    },
  ])('$case', ({ lines, issues }) => {
    expect(issuesOf(yaml('topics: {}', ...lines))).toEqual(issues);
  });
});
