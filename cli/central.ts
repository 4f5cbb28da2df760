import { compileAccountSettings, memberRoleArn } from '../shared/accounts';
import type { HeraldConfig } from '../shared/config';

/**
 * What `herald check` says about central mode (herald.yml `accounts:`): the bus and who it
 * admits, each member with its Regions and read roles (what the router may assume, as the
 * central stack's policy grants it), and where the external id comes from (never its value).
 * Nothing in single-account mode.
 */
export const describeCentralMode = (config: HeraldConfig): string[] => {
  const accounts = compileAccountSettings(config);
  if (accounts === undefined) return [];
  const { central } = accounts;
  const members = [...accounts.members.values()];
  const admits = central.organizationId === undefined ? `${members.length} member account(s)` : `organization ${central.organizationId}`;
  const aliasWidth = Math.max(...members.map((m) => m.alias.length));
  return [
    `central mode: bus ${central.bus} in ${central.account}${central.alias === undefined ? '' : ` (${central.alias})`}, ${central.region}, admitting the forwarding roles of ${admits}`,
    ...members.map((m) => `  ${m.alias.padEnd(aliasWidth)}  ${m.id}  read roles ${m.regions.map((region) => memberRoleArn(m, region).replace(/^.*:role\//, '')).join(', ')}`),
    `  external id: ${accounts.externalIdParameter === undefined ? 'in herald.yml' : `SSM parameter ${accounts.externalIdParameter}, resolved when each stack deploys`}`,
  ];
};
