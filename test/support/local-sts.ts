import { randomUUID } from 'node:crypto';
import { type RecordedRequest, type ScriptedFault, type ScriptedServer, startScriptedServer } from './scripted-server';

/** A role the local STS lets be assumed, and the credentials it hands out for it. */
export interface LocalRole {
  /** What `sts:ExternalId` must be, as the role's trust policy demands; none: any or no external id. */
  externalId?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** A scripted misbehaviour, applied to the next matching requests. */
export interface StsFault extends ScriptedFault {
  /** Only requests for this role. @default every request */
  roleArn?: string;
  /** Answer `AccessDenied` (403) as STS does when the trust policy refuses. */
  deny?: boolean;
}

/** One request the server received, decoded. */
export interface StsRequest extends RecordedRequest {
  action: string | undefined;
  roleArn: string | undefined;
  sessionName: string | undefined;
  externalId: string | undefined;
  durationSeconds: number | undefined;
  /** Who asked: the access key id the request was signed with. */
  accessKeyId: string | undefined;
  /** The error code sent, if any. */
  error?: string;
}

/** A loopback STS endpoint for a real `STSClient`. */
export type LocalSts = ScriptedServer<StsRequest, StsFault>;

const XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

const errorBody = (code: string, message: string, requestId: string): string =>
  `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;

/**
 * Starts an STS endpoint on a free loopback port that answers AssumeRole over the AWS Query
 * protocol as the SDK v3 client sends it (a form-encoded POST with `Action=AssumeRole&Version=2011-06-15`):
 * an `AssumeRoleResponse` with the role's credentials (expiring after `DurationSeconds`, by the
 * test's clock), or `AccessDenied` (403) for an unknown role or a wrong or missing external id,
 * as the role's trust policy would refuse it.
 * @see https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export const startLocalSts = (roles: Readonly<Record<string, LocalRole>>): Promise<LocalSts> =>
  startScriptedServer<StsRequest, StsFault>({
    record(req, body, arrival) {
      const fields = Object.fromEntries(new URLSearchParams(body));
      return {
        ...arrival,
        action: fields.Action,
        roleArn: fields.RoleArn,
        sessionName: fields.RoleSessionName,
        externalId: fields.ExternalId,
        durationSeconds: fields.DurationSeconds === undefined ? undefined : Number(fields.DurationSeconds),
        accessKeyId: /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1],
        outcome: 'gone',
      };
    },
    matches: (fault, record) => fault.roleArn === undefined || fault.roleArn === record.roleArn,
    answer(res, record, fault) {
      const requestId = randomUUID();
      const role = record.roleArn === undefined ? undefined : roles[record.roleArn];
      const refused = fault?.deny === true || role === undefined || (role.externalId !== undefined && role.externalId !== record.externalId);
      let status = 200;
      let body: string;
      if (record.action !== 'AssumeRole') {
        status = 400;
        record.error = 'InvalidAction';
        body = errorBody('InvalidAction', 'Could not find operation', requestId);
      } else if (refused || role === undefined) {
        status = 403;
        record.error = 'AccessDenied';
        body = errorBody('AccessDenied', `User: arn:aws:sts::999988887777:assumed-role/ecs-herald-prod-router/router is not authorized to perform: sts:AssumeRole on resource: ${record.roleArn ?? ''}`, requestId);
      } else {
        const expiration = new Date(Date.now() + (record.durationSeconds ?? 3600) * 1000).toISOString();
        const session = record.sessionName ?? 'session';
        const roleName = (record.roleArn ?? '').split('/').pop() ?? '';
        const account = (record.roleArn ?? '').split(':')[4] ?? '';
        body = `<AssumeRoleResponse xmlns="${XML_NAMESPACE}"><AssumeRoleResult><Credentials><AccessKeyId>${role.accessKeyId}</AccessKeyId><SecretAccessKey>${role.secretAccessKey}</SecretAccessKey><SessionToken>${role.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA${account}:${session}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/${roleName}/${session}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
      }
      record.outcome = status;
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
  });
