import type { FieldReader } from './reader';
import type { TrustedAdvisorCheckDetail } from './types';

/**
 * Reads `Trusted Advisor Check Item Refresh Notification` detail: one check item (a resource
 * the check looked at) and its status. The check name and status are what the event is about,
 * so they are required. `check-item-detail` holds the check's own columns, different for every
 * check (`Volume ID`, `Snapshot Age`, `Reason`...), with `null` for an empty column;
 * `resource_id` is `""` when the check is not about one AWS resource (Exposed Access Keys).
 *
 * @example
 * ```json
 * { "check-name": "Amazon EBS Snapshots", "status": "WARN",
 *   "check-item-detail": { "Region": "us-west-2", "Volume ID": "vol-0a1b2c3d4e5f60718", "Reason": "..." },
 *   "resource_id": "arn:aws:ec2:us-west-2:111122223333:volume/vol-0a1b2c3d4e5f60718", "uuid": "..." }
 * ```
 * @see https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-trustedadvisor.html
 */
export const readTrustedAdvisorCheckDetail = (d: FieldReader): TrustedAdvisorCheckDetail => {
  const resourceId = d.optionalString('resource_id');
  const uuid = d.optionalString('uuid');
  return {
    checkName: d.requiredString('check-name'),
    status: d.requiredString('status'),
    resourceId: resourceId === '' ? undefined : resourceId,
    uuid: uuid === '' ? undefined : uuid,
    checkItemDetail: d.stringRecord('check-item-detail'),
  };
};
