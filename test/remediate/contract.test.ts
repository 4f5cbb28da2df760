import { readRemediationRequest, remediationRequestBody } from '../../shared/remediate';
import { oomRequest } from './requests';

/** The OOM decision as JSON, with one change made to its parsed form. */
const bodyWith = (change: (request: Record<string, unknown>) => void): string => {
  const request = JSON.parse(JSON.stringify(oomRequest())) as Record<string, unknown>;
  change(request);
  return JSON.stringify(request);
};
const targetOf = (request: Record<string, unknown>) => request.target as Record<string, unknown>;
const alertOf = (request: Record<string, unknown>) => request.alert as Record<string, unknown>;

describe('readRemediationRequest', () => {
  it('reads back what the queue sends', () => {
    const request = oomRequest();
    expect(readRemediationRequest(remediationRequestBody(request))).toEqual({ ok: true, request });
  });

  it('reads a decision with fields added by a later minor change, and leaves them out', () => {
    const read = readRemediationRequest(bodyWith((r) => Object.assign(r, { priority: 'high', target: { ...targetOf(r), zone: 'us-west-2a' } })));
    expect(read).toEqual({ ok: true, request: oomRequest() });
  });

  it.each<{ case: string; body: string; reason: string }>([
    { case: 'not JSON', body: '{"schema": "ecs-herald.remediation-request",', reason: 'not JSON: ' },
    { case: 'empty', body: '', reason: 'not JSON: ' },
    { case: 'a JSON array', body: '[1, 2]', reason: 'not a JSON object' },
    { case: 'JSON null', body: 'null', reason: 'not a JSON object' },
    { case: 'an alert document, not a decision', body: JSON.stringify(oomRequest().alert), reason: 'schema must be "ecs-herald.remediation-request", got "ecs-herald.alert"' },
    { case: 'no schema', body: bodyWith((r) => delete r.schema), reason: 'schema must be "ecs-herald.remediation-request", got nothing' },
    {
      case: 'version 2, from a router newer than the remediator',
      body: bodyWith((r) => (r.version = 2)),
      reason: 'version 2 is newer than this remediator reads (1): deploy the remediator before the router',
    },
    { case: 'version 0', body: bodyWith((r) => (r.version = 0)), reason: 'version 0 is not a version of the contract (1)' },
    { case: 'version "1" as a string', body: bodyWith((r) => (r.version = '1')), reason: 'version must be an integer, got "1"' },
    { case: 'version 1.5', body: bodyWith((r) => (r.version = 1.5)), reason: 'version must be an integer, got 1.5' },
    { case: 'no id', body: bodyWith((r) => delete r.id), reason: 'id must be a non-empty string' },
    { case: 'an empty action', body: bodyWith((r) => (r.action = '')), reason: 'action must be a non-empty string' },
    { case: 'no route', body: bodyWith((r) => delete r.route), reason: 'route must be a non-empty string' },
    { case: 'an unknown action type', body: bodyWith((r) => (r.type = 'reboot')), reason: 'type "reboot" is not an action type (force-new-deployment, rollback, scale, stop-task, drain-instance, invoke)' },
    { case: 'a type that is a number', body: bodyWith((r) => (r.type = 3)), reason: 'type must be a non-empty string' },
    { case: 'decidedAt not a date', body: bodyWith((r) => (r.decidedAt = 'yesterday')), reason: 'decidedAt "yesterday" is not a date' },
    { case: 'no target', body: bodyWith((r) => delete r.target), reason: 'target must be an object' },
    { case: 'a target cluster that is a number', body: bodyWith((r) => (targetOf(r).cluster = 7)), reason: 'target.cluster must be a non-empty string' },
    { case: 'target tags that are not strings', body: bodyWith((r) => (targetOf(r).tags = { team: 1 })), reason: 'target.tags must be an object of strings' },
    { case: 'no alert', body: bodyWith((r) => delete r.alert), reason: 'alert must be an object' },
    { case: 'an alert of another schema', body: bodyWith((r) => (alertOf(r).schema = 'ecs-herald.digest')), reason: 'alert.schema must be "ecs-herald.alert"' },
    { case: 'an alert without fingerprint', body: bodyWith((r) => delete alertOf(r).fingerprint), reason: 'alert.fingerprint must be a non-empty string' },
    { case: 'an alert without labels', body: bodyWith((r) => (alertOf(r).labels = [])), reason: 'alert.labels must be an object' },
  ])('refuses $case, with a reason, never throwing', ({ body, reason }) => {
    const read = readRemediationRequest(body);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    if (reason.endsWith(': ')) expect(read.reason.startsWith(reason)).toBe(true);
    else expect(read.reason).toBe(reason);
  });

  it('takes a target without tags as one with none', () => {
    const read = readRemediationRequest(bodyWith((r) => delete targetOf(r).tags));
    expect(read.ok && read.request.target.tags).toEqual({});
  });
});
