import type { FieldReader } from './reader';
import type { CloudTrailEcsDetail } from './types';

/**
 * Reads `AWS API Call via CloudTrail` detail for ECS API calls.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/logging-using-cloudtrail.html
 */
export const readCloudTrailEcsDetail = (d: FieldReader): CloudTrailEcsDetail => {
  const identity = d.optionalObject('userIdentity');
  const issuer = identity?.optionalObject('sessionContext')?.optionalObject('sessionIssuer');
  return {
    eventSource: d.requiredString('eventSource'),
    eventName: d.requiredString('eventName'),
    eventTime: d.optionalString('eventTime'),
    awsRegion: d.optionalString('awsRegion'),
    userIdentityType: identity?.optionalString('type'),
    principalArn: issuer?.optionalString('arn') ?? identity?.optionalString('arn'),
    invokedBy: identity?.optionalString('invokedBy'),
    sourceIPAddress: d.optionalString('sourceIPAddress'),
    userAgent: d.optionalString('userAgent'),
    errorCode: d.optionalString('errorCode'),
    errorMessage: d.optionalString('errorMessage'),
    requestParameters: d.raw('requestParameters') ?? null,
    responseElements: d.raw('responseElements') ?? null,
  };
};
