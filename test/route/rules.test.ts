import { compileConfigText } from '../../shared/compile';
import { DETAIL_TYPES } from '../../shared/events';

const rulesOf = (yaml: string) => compileConfigText(yaml, 'test.yml').eventRules.map((r) => r.pattern);

// herald's own remediation decisions are never forwarded by a rule.
const OTHER_TYPES: string[] = [DETAIL_TYPES.cloudTrail, DETAIL_TYPES.cloudwatchAlarm, DETAIL_TYPES.trustedAdvisorCheck, DETAIL_TYPES.remediationDecision];
const ECS_TYPES = Object.values(DETAIL_TYPES).filter((d) => !OTHER_TYPES.includes(d));
const TRUSTED_ADVISOR = { source: ['aws.trustedadvisor'], 'detail-type': ['Trusted Advisor Check Item Refresh Notification'] };
/** herald.yml's default `alarms: ecs`: alarms on ECS or Container Insights metrics, or with a ClusterName dimension. */
const ECS_ALARMS = {
  $or: [
    { configuration: { metrics: { metricStat: { metric: { namespace: ['AWS/ECS', 'ECS/ContainerInsights'] } } } } },
    { configuration: { metrics: { metricStat: { metric: { dimensions: { ClusterName: [{ exists: true }] } } } } } },
  ],
};
const BROAD = [
  { source: ['aws.ecs'], 'detail-type': ECS_TYPES },
  { source: ['aws.ecs'], 'detail-type': [DETAIL_TYPES.cloudTrail], detail: { eventSource: ['ecs.amazonaws.com'] } },
  { source: ['aws.cloudwatch'], 'detail-type': [DETAIL_TYPES.cloudwatchAlarm], detail: ECS_ALARMS },
  // A rule of its own: Trusted Advisor events reach the event bus of us-east-1 only.
  TRUSTED_ADVISOR,
];

describe('EventBridge rules derived from routes', () => {
  it.each([
    {
      case: 'a root that notifies forwards every supported event',
      yaml: 'topics: { a: {} }\ndefault: { notify: [a] }',
      rules: BROAD,
    },
    {
      case: 'nothing notifies: nothing is forwarded',
      yaml: 'topics: { a: {} }\nroutes:\n  - { name: x, match: { severity: [critical] }, notify: [] }',
      rules: [],
    },
    {
      case: 'label conditions other than source and detailType do not narrow',
      yaml: 'topics: { a: {} }\nroutes:\n  - { name: x, match: { service: [web] }, notify: [a] }',
      rules: BROAD,
    },
    {
      case: 'a detailType label narrows to that detail-type',
      yaml: 'topics: { a: {} }\nroutes:\n  - { name: x, match: { detailType: [ECS Deployment State Change] }, notify: [a] }',
      rules: [{ source: ['aws.ecs'], 'detail-type': ['ECS Deployment State Change'] }],
    },
    {
      case: 'event conditions are forwarded as pattern fields, alternatives under $or',
      yaml: [
        'topics: { a: {} }',
        'routes:',
        '  - { name: stopped, event: { detail-type: [ECS Task State Change], detail: { lastStatus: [STOPPED] } }, notify: [a] }',
        '  - { name: failed, event: { detail-type: [ECS Deployment State Change], detail: { eventName: [SERVICE_DEPLOYMENT_FAILED] } }, notify: [a] }',
      ].join('\n'),
      rules: [{
        source: ['aws.ecs'],
        $or: [
          { 'detail-type': ['ECS Task State Change'], detail: { lastStatus: ['STOPPED'] } },
          { 'detail-type': ['ECS Deployment State Change'], detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] } },
        ],
      }],
    },
    {
      case: 'a child inherits its parent\'s event conditions',
      yaml: [
        'topics: { a: {} }',
        'routes:',
        '  - name: alarms',
        '    event: { source: [aws.cloudwatch] }',
        '    notify: []',
        '    routes:',
        '      - { name: alarm-on, event: { detail: { state: { value: [ALARM] } } }, notify: [a] }',
      ].join('\n'),
      rules: [{ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARM'] }, ...ECS_ALARMS } }],
    },
    {
      case: 'a source label narrows to that source\'s rule: Trusted Advisor',
      yaml: 'topics: { a: {} }\nroutes:\n  - { name: ta, match: { source: [aws.trustedadvisor] }, notify: [a] }',
      rules: [TRUSTED_ADVISOR],
    },
    {
      case: 'Trusted Advisor event conditions stay on its rule',
      yaml: "topics: { a: {} }\nroutes:\n  - { name: red, event: { source: [aws.trustedadvisor], detail: { status: [ERROR, OK] } }, notify: [a] }",
      rules: [{ ...TRUSTED_ADVISOR, detail: { status: ['ERROR', 'OK'] } }],
    },
    {
      case: 'CloudTrail keeps its eventSource condition',
      yaml: 'topics: { a: {} }\nroutes:\n  - { name: deletes, event: { detail-type: [AWS API Call via CloudTrail], detail: { eventName: [DeleteService] } }, notify: [a] }',
      rules: [{ source: ['aws.ecs'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: ['DeleteService'], eventSource: ['ecs.amazonaws.com'] } }],
    },
  ])('$case', ({ yaml, rules }) => {
    expect(rulesOf(yaml)).toEqual(rules);
  });
});

describe('the CloudWatch alarm rule and alarms.services', () => {
  const SERVICES = [
    '  services:',
    '    - { cluster: prod, service: web, target_5xx: { load_balancer: app/prod/0123456789abcdef, target_group: targetgroup/web/0123456789abcdef, threshold: 5 } }',
    '    - { cluster: prod, service: worker }',
  ];
  const alarmRuleOf = (...alarms: string[]) => rulesOf(['topics: { a: {} }', 'default: { notify: [a] }', 'alarms:', ...alarms].join('\n')).find((r) => (r as { source: string[] }).source[0] === 'aws.cloudwatch');
  const byTargetGroup = { configuration: { metrics: { metricStat: { metric: { dimensions: { TargetGroup: ['targetgroup/web/0123456789abcdef'] } } } } } };

  it.each([
    { case: 'receive: ecs adds the services\' target groups', receive: '  receive: ecs', detail: { $or: [...ECS_ALARMS.$or, byTargetGroup] } },
    { case: 'no receive reads as ecs', receive: '  defaults: {}', detail: { $or: [...ECS_ALARMS.$or, byTargetGroup] } },
    {
      case: 'receive: namespaces adds them to the ECS ones',
      receive: '  receive: [AWS/RDS]',
      detail: { $or: [{ configuration: { metrics: { metricStat: { metric: { namespace: ['AWS/ECS', 'ECS/ContainerInsights', 'AWS/RDS'] } } } } }, ECS_ALARMS.$or[1], byTargetGroup] },
    },
    { case: 'receive: all takes every alarm', receive: '  receive: all', detail: undefined },
  ])('$case', ({ receive, detail }) => {
    expect(alarmRuleOf(receive, ...SERVICES)).toEqual({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], ...(detail === undefined ? {} : { detail }) });
  });
});

describe('EventBridge rules EventBridge would refuse for their size', () => {
  const many = (n: number, of: (i: number) => string) => Array.from({ length: n }, (_, i) => of(i));
  const errorsOf = (yaml: string): string[] => {
    try {
      compileConfigText(yaml, 'herald.yml');
      return [];
    } catch (error) {
      return (error as { issues: { message: string; path: string; line: number }[] }).issues.map((i) => `${i.line}: ${i.path}: ${i.message}`);
    }
  };

  it.each([
    {
      case: 'too many alarm namespaces',
      yaml: ['topics: { a: {} }', 'default: { notify: [a] }', 'alarms:', ...many(80, (i) => `  - AWS/Namespace${String(i).padStart(3, '0')}Extralongname`)].join('\n'),
      errors: ["3: alarms: the EventBridge rule for CloudWatch alarms (routes default) would be 2867 characters, over EventBridge's 2048-character limit on event patterns; name fewer alarm namespaces or target groups, or ask AWS to raise the quota"],
    },
    {
      case: 'routes narrowing the ECS rule by many event conditions',
      yaml: ['topics: { a: {} }', 'routes:', ...many(40, (i) => `  - { name: r${i}, event: { detail: { group: ["service:a-rather-long-service-name-${i}"] } }, notify: [a] }`)].join('\n'),
      // An `event:` condition on detail narrows every rule group: each grows with the routes.
      errors: ['ECS events', 'CloudTrail calls on ECS', 'CloudWatch alarms', 'Trusted Advisor checks'].map((rule) =>
        expect.stringMatching(new RegExp(`^2: routes: the EventBridge rule for ${rule} \\(routes r0, r1, r2 and 37 more\\) would be \\d{4,5} characters, over EventBridge's 2048-character limit on event patterns; narrow fewer routes by \`event:\` conditions, or ask AWS to raise the quota$`)),
      ),
    },
    { case: 'the shipped size is far from it', yaml: 'topics: { a: {} }\ndefault: { notify: [a] }\nalarms: [AWS/RDS, AWS/ApplicationELB]', errors: [] },
  ])('$case', ({ yaml, errors }) => {
    expect(errorsOf(yaml)).toEqual(errors);
  });
});
