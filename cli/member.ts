import { centralRouterRoleName, memberTemplate } from '../shared/accounts';
import { loadCliConfig } from './config';
import type { CliIo } from './io';

/** Options of {@link runMember}. */
export interface MemberOptions {
  config?: string;
  /** The central stack's stage: its router role, `<service>-<stage>-router`, is the one the read role trusts. */
  stage: string;
  /** The central stack's service name. @default ecs-herald */
  centralService?: string;
}

/**
 * `herald member`: the member stack's CloudFormation template (JSON) for herald.yml's
 * `accounts:`, the one `serverless.member.yml` packages, without the Serverless deployment
 * bucket: for `aws cloudformation deploy` or a StackSet across the member accounts and Regions.
 */
export const runMember = (options: MemberOptions, io: CliIo): number => {
  const compiled = loadCliConfig(options.config);
  if (compiled.accounts === undefined) {
    io.stderr(`herald: ${compiled.file} has no accounts: section: a member stack forwards to the central account it names\n`);
    return 1;
  }
  const template = memberTemplate({
    accounts: compiled.accounts,
    eventRules: compiled.eventRules,
    read: { clusters: compiled.config.clusters, logGroups: compiled.enrich.logGroups, instanceLogGroups: compiled.enrich.instanceLogs?.groups ?? [] },
    centralRouterRole: centralRouterRoleName(options.centralService ?? 'ecs-herald', options.stage),
  });
  io.stdout(`${JSON.stringify(template, null, 2)}\n`);
  return 0;
};
