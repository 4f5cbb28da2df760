'use strict';
// Serverless variable source: `${file(./deploy/config.cjs):<name>}` in serverless.yml.
// Reads herald.yml at package/deploy time, validates it with the same code as `herald check`
// (bundled on the fly with esbuild), and derives the topics, their subscriptions, the
// EventBridge rules (and their ARNs, for the policies that name them), the router's environment
// and log groups, the remediator's permissions, the services' alarms and herald's own alarms
// and dashboard. An invalid herald.yml throws, so
// `serverless package` and `serverless deploy` fail with the messages of `herald check`.
const { buildSync } = require('esbuild');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { tlsOnlyTopicPolicy } = require('./policies.cjs');

const ROOT = join(__dirname, '..');
// HERALD_CONFIG deploys another file (e.g. an example); scripts/build.mjs embeds the same one.
const CONFIG_FILE = process.env.HERALD_CONFIG ?? 'herald.yml';

let compiled;

/** The compiled configuration, once per serverless run. */
const compile = () => {
  if (compiled !== undefined) return compiled;
  const dir = mkdtempSync(join(tmpdir(), 'herald-config-'));
  const outfile = join(dir, 'config.js');
  try {
    // One bundle: the compiled configuration and the remediator's permissions derived from it.
    buildSync({
      stdin: {
        contents: "export * from './shared/compile';\nexport { remediatorPolicy } from './shared/remediate/permissions';\nexport { monitoringResources } from './shared/monitoring';\nexport { archiveSettings, MAX_ARCHIVE_NAME_LENGTH } from './shared/history/archive';\nexport { instanceLogGroups } from './shared/enrich/instance-logs-settings';\nexport { centralResources, centralRouterRoleName, memberTemplate } from './shared/accounts';\n",
        resolveDir: ROOT,
        sourcefile: 'deploy-config.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'silent',
    });
    const { compileConfigText, ConfigError, formatIssue, remediatorPolicy, monitoringResources, archiveSettings, MAX_ARCHIVE_NAME_LENGTH, instanceLogGroups, centralResources, centralRouterRoleName, memberTemplate } = require(outfile);
    try {
      const config = compileConfigText(readFileSync(resolve(ROOT, CONFIG_FILE), 'utf8'), CONFIG_FILE);
      compiled = {
        ...config,
        remediatorPolicy: remediatorPolicy(config.remediation, { clusters: config.config.clusters }),
        monitoring: monitoringResources(config.config),
        archive: archiveSettings(config.config, config.eventRules),
        maxArchiveName: MAX_ARCHIVE_NAME_LENGTH,
        instanceLogGroups: instanceLogGroups(config.enrich),
        accountTemplates: { centralResources, centralRouterRoleName, memberTemplate },
      };
    } catch (error) {
      if (error instanceof ConfigError) {
        const errors = error.issues.filter((i) => i.level === 'error');
        throw new Error(`${CONFIG_FILE} is invalid (${errors.length} error(s)); run \`npx herald check\`:\n${errors.map(formatIssue).join('\n')}`);
      }
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return compiled;
};

/** CloudFormation logical id of a topic created by the stack. */
const topicId = (name) => `HeraldTopic${name.replace(/(^|[-_])([a-z0-9])/gi, (_, __, c) => c.toUpperCase())}`;

/** A reference to a topic's ARN: its `arn` when given, else the stack's topic. */
const topicArn = (name, topic) => (topic.arn !== undefined ? topic.arn : { Ref: topicId(name) });

/** EventBridge rule names are at most 64 characters. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html */
const MAX_RULE_NAME = 64;

/**
 * The names of the router's EventBridge rules, one per derived rule: the names the Serverless
 * Framework would give them (`<function name>-rule-<n>`), set explicitly so that the policies
 * naming the rules (the dead-letter queue's, the key's) cannot drift from them.
 */
const routerRuleNames = async ({ resolveVariable }) => {
  const [service, stage] = await Promise.all([resolveVariable('self:service'), resolveVariable('sls:stage')]);
  return compile().eventRules.map((_, i) => {
    const name = `${service}-${stage}-router-rule-${i + 1}`;
    if (name.length > MAX_RULE_NAME) throw new Error(`EventBridge rule name ${name} is longer than ${MAX_RULE_NAME} characters: use a shorter stage name`);
    return name;
  });
};

/** The router's rules on the central bus (central mode), named as on the default bus with `central`. */
const centralBusRuleNames = async ({ resolveVariable }) => {
  if (compile().accounts === undefined) return [];
  const [service, stage] = await Promise.all([resolveVariable('self:service'), resolveVariable('sls:stage')]);
  return compile().eventRules.map((_, i) => {
    const name = `${service}-${stage}-router-central-${i + 1}`;
    if (name.length > MAX_RULE_NAME) throw new Error(`EventBridge rule name ${name} is longer than ${MAX_RULE_NAME} characters: use a shorter stage name`);
    return name;
  });
};

module.exports = {
  /** Topics and email subscriptions, as a CloudFormation `Resources` fragment. */
  resources: () => {
    const { topics } = compile();
    const Resources = {};
    for (const [name, topic] of topics) {
      if (topic.arn !== undefined) continue;
      Resources[topicId(name)] = {
        Type: 'AWS::SNS::Topic',
        Properties: {
          ...(topic.display_name === undefined ? {} : { DisplayName: topic.display_name }),
          // Encrypted at rest with the stack's key (serverless.yml, HeraldKey): publishers need
          // kms:GenerateDataKey and kms:Decrypt on it, which the functions' roles hold.
          // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
          KmsMasterKeyId: { 'Fn::GetAtt': ['HeraldKey', 'Arn'] },
          Tags: [{ Key: 'herald:topic', Value: name }],
        },
      };
      // Publishing over plain HTTP refused; the functions publish through their IAM policies.
      Resources[`${topicId(name)}Policy`] = tlsOnlyTopicPolicy({ Ref: topicId(name) });
      (topic.emails ?? []).forEach((entry, i) => {
        const address = typeof entry === 'string' ? entry : entry.address;
        Resources[`${topicId(name)}Email${i + 1}`] = {
          Type: 'AWS::SNS::Subscription',
          Properties: {
            TopicArn: { Ref: topicId(name) },
            Protocol: 'email',
            Endpoint: address,
            // https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
            ...(typeof entry === 'string' ? {} : { FilterPolicyScope: 'MessageAttributes', FilterPolicy: entry.filter }),
          },
        };
      });
    }
    return { Resources };
  },

  /**
   * herald watching itself (herald.yml's `monitoring:`, shared/monitoring): the operator topic,
   * the alarms that tell it, the heartbeat and the dashboard, with their Outputs.
   */
  monitoring: () => compile().monitoring,

  /** The router's `HERALD_TOPICS`: a JSON object of topic name to ARN. */
  topicsEnvironment: () => {
    const { topics } = compile();
    const parts = ['{'];
    [...topics].forEach(([name, topic], i) => {
      parts.push(`${i === 0 ? '' : ','}${JSON.stringify(name)}:"`, topicArn(name, topic), '"');
    });
    parts.push('}');
    return { 'Fn::Join': ['', parts] };
  },

  /** ARNs the router may publish to (least privilege: only the configured topics). */
  topicArns: () => {
    const { topics } = compile();
    const arns = [...topics].map(([name, topic]) => topicArn(name, topic));
    return arns.length > 0 ? arns : [{ 'Fn::Sub': 'arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:herald-no-topics' }];
  },

  /**
   * What the router may describe for enrichment: the configured clusters and their services,
   * else every cluster and service of the account and Region.
   */
  ecsReadResources: () => {
    const { config } = compile();
    const arn = (resource) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:${resource}` });
    const clusters = config.clusters ?? ['*'];
    return clusters.flatMap((cluster) =>
      cluster === '*' ? [arn('cluster/*'), arn('service/*'), arn('task/*')] : [arn(`cluster/${cluster}`), arn(`service/${cluster}/*`), arn(`task/${cluster}/*`)]);
  },

  /**
   * ListTasks (a failed deployment's stopped tasks) names no resource of its own: it is
   * scoped with the `ecs:cluster` condition key to the configured clusters.
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html
   */
  listTasksStatement: () => {
    const { config } = compile();
    const statement = { Effect: 'Allow', Action: 'ecs:ListTasks', Resource: '*' };
    if (config.clusters === undefined) return statement;
    const arns = config.clusters.map((cluster) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:cluster/${cluster}` }));
    return { ...statement, Condition: { ArnEquals: { 'ecs:cluster': arns } } };
  },

  /**
   * The remediator's policy statements: the fixed ones of serverless.yml
   * (`custom.remediatorStatements`: logs, topics, dead-letter queue, state table, its queue),
   * then those herald.yml's actions need (shared/remediate/permissions.ts), each resource under
   * `Fn::Sub`. Returned whole because CloudFormation does not flatten a list inside a list.
   */
  remediatorStatements: async ({ resolveVariable }) => {
    const fixed = await resolveVariable('self:custom.remediatorStatements');
    const sub = (value) => ({ 'Fn::Sub': value });
    // { ArnEquals: { 'ecs:cluster': [arn] } }: every value under Fn::Sub too.
    const subCondition = (condition) =>
      Object.fromEntries(Object.entries(condition).map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, values.map(sub)]))]));
    const derived = compile().remediatorPolicy.map(({ Condition, ...statement }) => ({
      ...statement,
      Resource: statement.Resource.map(sub),
      ...(Condition === undefined ? {} : { Condition: subCondition(Condition) }),
    }));
    return [...fixed, ...derived];
  },

  /**
   * The CloudWatch alarms of herald.yml's `alarms.services` (shared/alarms), as a `Resources`
   * fragment. They have no actions: their state changes reach the router through EventBridge.
   */
  serviceAlarms: () => ({
    Resources: Object.fromEntries(compile().serviceAlarms.map((alarm) => [alarm.logicalId, { Type: 'AWS::CloudWatch::Alarm', Properties: alarm.properties }])),
  }),

  /**
   * The router's log tail reads: the log streams of the groups under herald.yml's
   * `enrich.log_groups` prefixes (default `/ecs/`), in any Region of the account (an awslogs
   * group may live in another Region).
   */
  logReadResources: () =>
    compile().enrich.logGroups.map((prefix) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:${prefix}*:log-stream:*` })),

  /**
   * herald.yml's `history:` (shared/history): an EventBridge archive on the default bus of the
   * events the router's rules forward (the union of their patterns), kept `retention` days and
   * encrypted with the stack's key, and its name and ARN as outputs for `herald replay
   * --archive`. Named after the stack, as the rules are, so the CLI finds them from the name.
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
   */
  archive: async ({ resolveVariable }) => {
    const { archive, maxArchiveName, accounts } = compile();
    if (archive === undefined) return { Resources: {} };
    const [service, stage] = await Promise.all([resolveVariable('self:service'), resolveVariable('sls:stage')]);
    const name = `${service}-${stage}`;
    if (name.length > maxArchiveName) throw new Error(`EventBridge archive name ${name} is longer than ${maxArchiveName} characters: use a shorter stage name`);
    const resources = {
      Resources: {
        HeraldArchive: {
          Type: 'AWS::Events::Archive',
          Properties: {
            ArchiveName: name,
            Description: `${name}: the events herald's rules forward to its router${archive.exact ? '' : ' (their sources and detail-types: the exact union is over the pattern limits)'}`,
            SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default' },
            EventPattern: archive.pattern,
            RetentionDays: archive.retentionDays,
            // The key's policy lets EventBridge use it for the default bus's archives (serverless.yml).
            // https://docs.aws.amazon.com/eventbridge/latest/userguide/encryption-archives.html
            KmsKeyIdentifier: { 'Fn::GetAtt': ['HeraldKey', 'Arn'] },
          },
        },
      },
      Outputs: {
        ArchiveName: { Description: 'For herald replay --archive', Value: { Ref: 'HeraldArchive' } },
        ArchiveArn: { Value: { 'Fn::GetAtt': ['HeraldArchive', 'Arn'] } },
      },
    };
    if (accounts === undefined) return resources;
    // Central mode: the members' events arrive on the central bus, whose archive is its own
    // (an archive holds one bus's events); replayed into that bus, they reach the router's
    // rules there.
    const central = `${name}-central`;
    if (central.length > maxArchiveName) throw new Error(`EventBridge archive name ${central} is longer than ${maxArchiveName} characters: use a shorter stage name`);
    const base = resources.Resources.HeraldArchive.Properties;
    resources.Resources.HeraldCentralArchive = {
      Type: 'AWS::Events::Archive',
      Properties: {
        ...base,
        ArchiveName: central,
        Description: base.Description.replace(`${name}:`, `${central}: the members' events on the central bus:`),
        SourceArn: { 'Fn::GetAtt': ['HeraldCentralBus', 'Arn'] },
      },
    };
    resources.Outputs.CentralArchiveName = { Description: "For herald replay --archive: the members' events", Value: { Ref: 'HeraldCentralArchive' } };
    return resources;
  },

  /**
   * The router's instance log reads (herald.yml's `enrich.instance_logs`): the streams of the
   * groups it names, in this Region (the CloudWatch agent writes to its instance's Region), or
   * a placeholder no group has when they are off (a statement needs a resource).
   */
  instanceLogReadResources: () => {
    const groups = compile().instanceLogGroups;
    return (groups.length > 0 ? groups : ['herald-no-instance-logs']).map((group) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group}:log-stream:*` }));
  },

  /**
   * The container instances whose EC2 instance id the router may look up for instance logs
   * (DescribeContainerInstances): those of the configured clusters, else every cluster's.
   */
  containerInstanceReadResources: () => {
    const { config } = compile();
    return (config.clusters ?? ['*']).map((cluster) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:container-instance/${cluster}/*` }));
  },

  /** The router's EventBridge triggers: one per derived rule, all with the dead-letter queue. */
  events: async (context) => {
    const names = await routerRuleNames(context);
    const busNames = await centralBusRuleNames(context);
    const { eventRules } = compile();
    const trigger = (rule, name, bus) => ({
      eventBridge: {
        name,
        ...(bus === undefined ? {} : { eventBus: bus }),
        pattern: rule.pattern,
        retryPolicy: { maximumEventAge: 86400, maximumRetryAttempts: 185 },
        deadLetterQueueArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
      },
    });
    // Central mode: the same rules on the central bus, for the members' events (the default
    // bus keeps the central account's own).
    return [
      ...eventRules.map((rule, i) => trigger(rule, names[i])),
      ...busNames.map((name, i) => trigger(eventRules[i], name, { 'Fn::GetAtt': ['HeraldCentralBus', 'Name'] })),
    ];
  },

  /**
   * ARNs of the router's EventBridge rules: the only sources EventBridge may dead-letter for
   * (a placeholder no rule has when herald.yml derives none: a condition needs a value).
   */
  ruleArns: async (context) => {
    const names = await routerRuleNames(context);
    const { accounts } = compile();
    const busNames = await centralBusRuleNames(context);
    return [
      ...(names.length > 0 ? names : ['herald-no-rules']).map((name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${name}` })),
      // A rule on a custom bus has the bus in its ARN.
      ...busNames.map((name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${accounts.central.bus}/${name}` })),
    ];
  },

  /**
   * Central mode (herald.yml `accounts:`, shared/accounts): the central bus and its policy, the
   * router role's name and its right to assume the members' read roles, as a `Resources`
   * fragment (merged into serverless.yml's); empty in single-account mode.
   */
  central: async ({ resolveVariable }) => {
    const { accounts, accountTemplates } = compile();
    if (accounts === undefined) return { Resources: {} };
    const [service, stage] = await Promise.all([resolveVariable('self:service'), resolveVariable('sls:stage')]);
    return accountTemplates.centralResources({ accounts, routerRoleName: accountTemplates.centralRouterRoleName(service, stage) });
  },

  /**
   * The member stack (serverless.member.yml): rules forwarding to the central bus and the read
   * role the central router assumes, for the central stack of the same stage
   * (`custom.centralService`, default ecs-herald). herald.yml without `accounts:` has no members.
   */
  memberTemplate: async ({ resolveVariable }) => {
    const { accounts, accountTemplates, eventRules, config, enrich } = compile();
    if (accounts === undefined) throw new Error(`${CONFIG_FILE} has no accounts: section: a member stack forwards to the central account it names`);
    const [service, stage] = await Promise.all([resolveVariable('self:custom.centralService'), resolveVariable('sls:stage')]);
    const { Resources, Outputs, Conditions, Mappings } = accountTemplates.memberTemplate({
      accounts,
      eventRules,
      read: { clusters: config.clusters, logGroups: enrich.logGroups, instanceLogGroups: enrich.instanceLogs?.groups ?? [] },
      centralRouterRole: accountTemplates.centralRouterRoleName(service, stage),
    });
    return { Resources, Outputs, Conditions, Mappings };
  },
};
