import type { AccountSettings } from './settings';

/**
 * The external id as a template holds it: the string herald.yml gives, or a CloudFormation
 * dynamic reference to the SSM String parameter it names, resolved when each stack deploys (in
 * the central account for the router's environment, in each member account and Region for its
 * read role's trust policy), so the value lives in Parameter Store, not in herald.yml or git.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-ssm.html
 */
export const externalIdValue = (accounts: AccountSettings): string =>
  accounts.externalId ?? `{{resolve:ssm:${accounts.externalIdParameter ?? ''}}}`;
