import { parseEvent } from '../../shared/events';
import { type Alert, normalizeEvent } from '../../shared/normalize';
import { loadRawFixture } from '../support/fixtures';

type Raw = Record<string, unknown>;

/** A fixture (a structuredClone of it) with some `detail` fields replaced (undefined removes one). */
const variant = (fixture: string, detail: Record<string, unknown>): Raw => {
  const raw = structuredClone(loadRawFixture(fixture));
  const d = raw.detail as Record<string, unknown>;
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) delete d[key];
    else d[key] = value;
  }
  return raw;
};

const alertOf = (raw: Raw): Alert => {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`expected an event, got ${parsed.error.reason}: ${parsed.error.message}`);
  expect(parsed.event.warnings).toEqual([]);
  return normalizeEvent(parsed.event);
};

const WARN = 'trusted-advisor/ebs-snapshot-aging-warn';

/** The Exposed Access Keys check, which is about no AWS resource: `resource_id` is "". */
const EXPOSED_KEY = {
  'check-name': 'Exposed Access Keys',
  'check-item-detail': {
    'Case ID': '12345678-1234-1234-abcd-1234567890ab',
    'Usage (USD per Day)': '0',
    'User Name (IAM or Root)': 'ci-legacy',
    Deadline: '1779429299248',
    'Access Key ID': 'AKIAIOSFODNN7EXAMPLE',
    'Time Updated': '1779083699248',
    'Fraud Type': 'Exposed',
    Location: 'www.example.com',
  },
  status: 'ERROR',
  resource_id: '',
};

describe('Trusted Advisor check items', () => {
  it.each([
    {
      case: 'WARN (yellow) is a warning',
      fixture: 'trusted-advisor/ebs-snapshot-aging-warn',
      severity: 'warning', status: 'firing',
      summary: 'Trusted Advisor: Amazon EBS Snapshots flags vol-0a1b2c3d4e5f60718 (us-west-2): Snapshot older than 7 days',
    },
    {
      case: 'ERROR (red) is critical',
      fixture: 'trusted-advisor/ebs-snapshot-expired-error',
      severity: 'critical', status: 'firing',
      summary: 'Trusted Advisor: Amazon EBS Snapshots flags vol-0a1b2c3d4e5f60718 (us-west-2): Snapshot older than 30 days',
    },
    {
      case: 'OK (green) resolves the same check and resource',
      fixture: 'trusted-advisor/ebs-snapshot-taken-ok',
      severity: 'info', status: 'resolved',
      summary: 'Trusted Advisor: Amazon EBS Snapshots is OK again for vol-0a1b2c3d4e5f60718 (us-west-2)',
    },
  ])('$case', ({ fixture, severity, status, summary }) => {
    const alert = alertOf(loadRawFixture(fixture));
    expect(alert).toMatchObject({ category: 'trusted-advisor', severity, status, summary });
    // The resource's Region, not us-east-1 where Trusted Advisor emits every event.
    expect(alert.labels).toMatchObject({ checkName: 'Amazon EBS Snapshots', region: 'us-west-2', source: 'aws.trustedadvisor' });
    expect(alert.labels.cluster).toBeUndefined();
    expect(alert.identifiers).toContainEqual({ name: 'resource', value: 'arn:aws:ec2:us-west-2:111122223333:volume/vol-0a1b2c3d4e5f60718' });
  });

  it('WARN, ERROR and OK of one check and resource share a fingerprint; uuids differ', () => {
    const fingerprints = ['aging-warn', 'expired-error', 'taken-ok'].map((s) => alertOf(loadRawFixture(`trusted-advisor/ebs-snapshot-${s}`)).fingerprint);
    expect(new Set(fingerprints).size).toBe(1);
  });

  it.each([
    { case: 'another resource of the same check', change: { resource_id: 'arn:aws:ec2:us-west-2:111122223333:volume/vol-0ffffffffffffffff' } },
    { case: 'another check about the same resource', change: { 'check-name': 'Amazon EBS Provisioned IOPS (SSD) Volume Attachment Configuration' } },
  ])('$case is another alert', ({ change }) => {
    expect(alertOf(variant(WARN, change)).fingerprint).not.toBe(alertOf(loadRawFixture(WARN)).fingerprint);
  });

  it.each([
    {
      case: 'a check about no resource (resource_id ""): named by its identifying column',
      event: () => variant(WARN, EXPOSED_KEY),
      severity: 'critical',
      summary: 'Trusted Advisor: Exposed Access Keys flags AKIAIOSFODNN7EXAMPLE',
      region: 'us-east-1',
    },
    {
      case: 'no resource_id: the Region column names the Region',
      event: () => variant(WARN, { resource_id: undefined }),
      severity: 'warning',
      summary: 'Trusted Advisor: Amazon EBS Snapshots flags vol-0a1b2c3d4e5f60718 (us-west-2): Snapshot older than 7 days',
      region: 'us-west-2',
    },
    {
      case: 'a status Trusted Advisor may add later: info, quoted',
      event: () => variant(WARN, { status: 'NOT_AVAILABLE' }),
      severity: 'info',
      summary: 'Trusted Advisor: Amazon EBS Snapshots reports NOT_AVAILABLE for vol-0a1b2c3d4e5f60718 (us-west-2)',
      region: 'us-west-2',
    },
    {
      case: 'no check-item-detail',
      event: () => variant(WARN, { 'check-item-detail': undefined }),
      severity: 'warning',
      summary: 'Trusted Advisor: Amazon EBS Snapshots flags vol-0a1b2c3d4e5f60718 (us-west-2)',
      region: 'us-west-2',
    },
  ])('$case', ({ event, severity, summary, region }) => {
    const alert = alertOf(event());
    expect(alert.severity).toBe(severity);
    expect(alert.summary).toBe(summary);
    expect(alert.labels.region).toBe(region);
  });

  it('an exposed key keeps its fingerprint across refreshes whatever the uuid', () => {
    const first = alertOf(variant(WARN, { ...EXPOSED_KEY, uuid: 'aa12345f-55c7-498e-b7ac-123456789012' }));
    const next = alertOf(variant(WARN, { ...EXPOSED_KEY, uuid: 'bb12345f-55c7-498e-b7ac-123456789012' }));
    expect(next.fingerprint).toBe(first.fingerprint);
  });

  it('shows every column of the check as evidence, and leaves out empty ones', () => {
    const evidence = alertOf(loadRawFixture(WARN)).evidence;
    expect(evidence).toEqual(expect.arrayContaining([
      { name: 'status', value: 'WARN' },
      { name: 'Volume ID', value: 'vol-0a1b2c3d4e5f60718' },
      { name: 'Snapshot Age', value: '29' },
    ]));
    expect(evidence.map((e) => e.name)).not.toContain('Snapshot Name');
  });
});
