import type { TrustedAdvisorEvent } from '../events';
import { buildAlert, evidenceOf, identifiers } from './alert';
import type { Severity } from './constants';
import type { Alert, AlertStatus } from './types';

/**
 * What a check item's status means: Trusted Advisor's yellow (WARN, investigation
 * recommended) is a warning, red (ERROR, action recommended) is critical, green (OK) clears
 * the item. A status AWS adds later is reported as info, quoting it.
 * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 * @see https://docs.aws.amazon.com/awssupport/latest/user/trusted-advisor.html
 */
const STATUSES: Readonly<Record<string, { severity: Severity; status: AlertStatus; verb: string }>> = {
  WARN: { severity: 'warning', status: 'firing', verb: 'flags' },
  ERROR: { severity: 'critical', status: 'firing', verb: 'flags' },
  OK: { severity: 'info', status: 'resolved', verb: 'is OK again for' },
};

/** `check-item-detail` columns that identify the item (`Access Key ID`), then those that name it (`Bucket Name`). */
const ID_COLUMN = /(?:^|\s)(?:ARN|ID|Id)$/;
const NAME_COLUMN = /(?:^|\s)Name$/;

/** An AWS Region code (`us-west-2`), as opposed to a Region's display name. */
const REGION_CODE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/**
 * The item a check item is about, stable across refreshes (`uuid` may not be): the flagged
 * resource's ARN, else the check's first identifying column (`Access Key ID`, `Bucket Name`),
 * else the uuid.
 */
const itemKeyOf = (d: TrustedAdvisorEvent['detail']): string | undefined => {
  if (d.resourceId !== undefined) return d.resourceId;
  const entries = Object.entries(d.checkItemDetail);
  // Exposed Access Keys has a `Case ID` (the support case AWS opened) before the `Access Key ID`.
  const byId = entries.find(([key, value]) => ID_COLUMN.test(key) && key !== 'Case ID' && value !== '');
  const byName = entries.find(([key, value]) => NAME_COLUMN.test(key) && value !== '');
  return (byId ?? byName)?.[1] ?? d.uuid;
};

/** A short name for the item: an ARN's resource id (`vol-0a1b...`), else the key itself. */
const shortName = (key: string | undefined): string | undefined => (key?.startsWith('arn:') === true ? key.split(/[/:]/).pop() : key);

/**
 * Normalizes a `Trusted Advisor Check Item Refresh Notification`: one resource of one check.
 * WARN is a warning, ERROR critical; OK is the same check and resource back to green, so it
 * shares their fingerprint and is `resolved`. The Region label is the resource's (from its ARN
 * or the check's `Region` column), not us-east-1, where every Trusted Advisor event is emitted.
 * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 */
export const normalizeTrustedAdvisorEvent = (event: TrustedAdvisorEvent): Alert => {
  const d = event.detail;
  const rule = STATUSES[d.status] ?? { severity: 'info', status: 'firing', verb: `reports ${d.status} for` };
  const item = itemKeyOf(d);
  const name = shortName(item);
  const arnRegion = d.resourceId?.startsWith('arn:') === true ? d.resourceId.split(':')[3] : undefined;
  const columnRegion = d.checkItemDetail.Region;
  const region = arnRegion !== undefined && arnRegion !== '' ? arnRegion : columnRegion !== undefined && REGION_CODE.test(columnRegion) ? columnRegion : undefined;
  const reason = d.checkItemDetail.Reason;
  const firing = rule.status === 'firing' && rule.severity !== 'info';
  return buildAlert(event, {
    category: 'trusted-advisor',
    severity: rule.severity,
    status: rule.status,
    summary: `Trusted Advisor: ${d.checkName} ${rule.verb} ${name ?? 'an item'}${region === undefined ? '' : ` (${region})`}${firing && reason !== undefined ? `: ${reason}` : ''}`,
    hint: rule.status === 'resolved'
      ? `Trusted Advisor reports the check "${d.checkName}" OK again for this resource.`
      : firing
        ? `Trusted Advisor flags this resource against an AWS best practice (${d.status === 'ERROR' ? 'red: action recommended' : 'yellow: investigation recommended'}). Open the check in the Trusted Advisor console for its recommended action; the alert resolves when the check reports the resource OK.`
        : `Trusted Advisor sent status ${d.status}, which ecs-herald has no rule for; see the check in the Trusted Advisor console.`,
    labels: { region, checkName: d.checkName },
    evidence: [
      ...evidenceOf({ status: d.status, resource: d.resourceId }),
      ...Object.entries(d.checkItemDetail).map(([key, value]) => ({ name: key, value })),
      ...evidenceOf({ uuid: d.uuid }),
    ],
    identifiers: identifiers({ resource: d.resourceId, item: d.resourceId === undefined ? item : undefined }),
    // One fingerprint per check and resource: OK resolves its WARN and ERROR.
    fingerprintParts: ['trusted-advisor', d.checkName, item],
  });
};
