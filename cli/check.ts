import { compileServiceAlarms, type ServiceAlarm } from '../shared/alarms';
import { DEFAULT_INSTANCE_LOG_GROUPS, DEFAULT_INSTANCE_LOG_STREAM, formatIssue, type HeraldConfig, historyRetentionDays, INSTANCE_LOG_LINES, loadConfigText } from '../shared/config';
import { compileRemediationSettings, type PolicyStatement, remediatorPolicy } from '../shared/remediate';
import { checkEventRuleSizes, deriveEventRules } from '../shared/route';
import { readFileSync } from 'node:fs';
import type { CliIo } from './io';
import { DEFAULT_CONFIG_FILE } from './config';
import { describeCentralMode } from './central';

const countRoutes = (routes: readonly { routes?: readonly unknown[] }[] | undefined): number =>
  (routes ?? []).reduce((n, r) => n + 1 + countRoutes(r.routes as { routes?: readonly unknown[] }[] | undefined), 0);

/** `arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/prod/web-*` -> `service/prod/web-*`. */
const shortArn = (arn: string): string => arn.replace(/^arn:\$\{AWS::Partition\}:[a-z0-9-]+:\$\{AWS::Region\}:(\$\{AWS::AccountId\})?:/, '');

/** `ForceNewDeployment  ecs:UpdateService on service/prod/web-* when ecs:cluster is cluster/prod` */
const describeStatements = (statements: readonly PolicyStatement[]): string[] => {
  const width = Math.max(...statements.map((statement) => statement.Sid.length));
  return statements.map((statement) => {
    const conditions = Object.values(statement.Condition ?? {}).flatMap((keys) =>
      Object.entries(keys).map(([key, values]) => ` when ${key} is ${values.map(shortArn).join(' or ')}`));
    return `  ${statement.Sid.padEnd(width)}  ${statement.Action.join(', ')} on ${statement.Resource.map(shortArn).join(', ')}${conditions.join('')}`;
  });
};

/** `CloudWatch alarms to create: 7 (prod/payments-api 4, prod/worker 3)`: one line, however many services. */
const describeServiceAlarms = (alarms: readonly ServiceAlarm[]): string => {
  const perService = new Map<string, number>();
  for (const { cluster, service } of alarms) perService.set(`${cluster}/${service}`, (perService.get(`${cluster}/${service}`) ?? 0) + 1);
  return `CloudWatch alarms to create: ${alarms.length} (${[...perService].map(([name, n]) => `${name} ${n}`).join(', ')})`;
};

/** What `history:` and `enrich.instance_logs` deploy, when herald.yml sets them (their defaults go without saying). */
const describeHistoryAndInstanceLogs = (config: HeraldConfig): string[] => {
  const lines: string[] = [];
  if (config.history !== undefined) {
    const days = historyRetentionDays(config.history);
    lines.push(days === undefined ? 'history: no archive (herald replay --archive has nothing to replay)' : `history: an EventBridge archive of the events the rules forward, kept ${days} days`);
  }
  const logs = config.enrich?.instance_logs;
  if (logs === false) lines.push('instance logs: off');
  else if (logs !== undefined) {
    const groups = logs.groups ?? DEFAULT_INSTANCE_LOG_GROUPS;
    lines.push(`instance logs: last ${logs.lines ?? INSTANCE_LOG_LINES.default} lines of stream ${logs.stream ?? DEFAULT_INSTANCE_LOG_STREAM} in ${groups.join(', ')}`);
  }
  return lines;
};

/**
 * `herald check [file]`: every error and warning, with file:line:column and path, then the
 * permissions the remediator's role gets from the actions and the CloudWatch alarms the stack
 * creates per service. Exit 1 on errors.
 */
export const runCheck = (file: string | undefined, io: CliIo): number => {
  const path = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr(`${path}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // The same checks as packaging: the schema, cross-references, and the rules' sizes.
  const { config, issues } = loadConfigText(text, path, checkEventRuleSizes);
  for (const issue of issues) io.stdout(`${formatIssue(issue)}\n`);
  const errors = issues.filter((i) => i.level === 'error').length;
  const warnings = issues.length - errors;
  if (config === undefined) {
    io.stdout(`${path}: ${errors} error(s), ${warnings} warning(s)\n`);
    return 1;
  }
  const rules = deriveEventRules(config);
  // What the remediator's role will hold (deploy/config.cjs deploys the same statements).
  const statements = remediatorPolicy(compileRemediationSettings(config), { clusters: config.clusters });
  if (statements.length > 0) {
    io.stdout('remediator permissions, derived from actions (resources in this account and Region unless a full ARN):\n');
    for (const line of describeStatements(statements)) io.stdout(`${line}\n`);
  }
  const alarms = compileServiceAlarms(config);
  if (alarms.length > 0) io.stdout(`${describeServiceAlarms(alarms)}\n`);
  for (const line of describeHistoryAndInstanceLogs(config)) io.stdout(`${line}\n`);
  for (const line of describeCentralMode(config)) io.stdout(`${line}\n`);
  io.stdout(`${path}: ok (${Object.keys(config.topics).length} topic(s), ${countRoutes(config.routes)} route(s), ${rules.length} EventBridge rule(s)${warnings > 0 ? `, ${warnings} warning(s)` : ''})\n`);
  return 0;
};
