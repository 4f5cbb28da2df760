import { MAX_SUBJECT_LENGTH, renderSubject } from '../../shared/deliver';
import { formatAlertCount, formatCount, formatDurationHuman, formatTimeUtc, formatWindowUtc } from '../../shared/deliver/formats';
import type { Notification } from '../../shared/deliver';
import { loadSampleAlert } from './sample-alerts';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDurationHuman', () => {
  it.each([
    { case: 'zero', ms: 0, text: '0s' },
    { case: 'under a second', ms: 999, text: '0s' },
    { case: 'seconds', ms: 45 * SECOND, text: '45s' },
    { case: 'seconds, rounded down', ms: 45 * SECOND + 999, text: '45s' },
    { case: 'a minute', ms: MINUTE, text: '1m' },
    { case: 'minutes and seconds', ms: 23 * MINUTE + 10 * SECOND, text: '23m 10s' },
    { case: 'whole minutes', ms: 23 * MINUTE, text: '23m' },
    { case: 'hours and minutes, seconds dropped', ms: 2 * HOUR + 5 * MINUTE + 59 * SECOND, text: '2h 5m' },
    { case: 'whole hours', ms: 2 * HOUR + 30 * SECOND, text: '2h' },
    { case: 'days and hours', ms: 3 * DAY + 4 * HOUR + 59 * MINUTE, text: '3d 4h' },
    { case: 'whole days', ms: 2 * DAY + 5 * MINUTE, text: '2d' },
    { case: 'many days', ms: 400 * DAY, text: '400d' },
    { case: 'negative (clock skew)', ms: -5 * SECOND, text: '?' },
    { case: 'not a number', ms: Number.NaN, text: '?' },
    { case: 'infinite', ms: Number.POSITIVE_INFINITY, text: '?' },
  ])('$case: $text', ({ ms, text }) => {
    expect(formatDurationHuman(ms)).toBe(text);
  });
});

describe('counts', () => {
  it.each([
    { case: 'one', count: 1, text: '1', alerts: '1 alert' },
    { case: 'zero', count: 0, text: '0', alerts: '0 alerts' },
    { case: 'hundreds', count: 999, text: '999', alerts: '999 alerts' },
    { case: 'thousands', count: 1_234, text: '1,234', alerts: '1,234 alerts' },
    { case: 'millions', count: 12_345_678, text: '12,345,678', alerts: '12,345,678 alerts' },
    { case: 'not an integer', count: 1.5, text: '1.5', alerts: '1.5 alerts' },
  ])('$case: $text', ({ count, text, alerts }) => {
    expect(formatCount(count)).toBe(text);
    expect(formatAlertCount(count)).toBe(alerts);
  });
});

describe('times in UTC', () => {
  it.each([
    { case: 'an instant', iso: '2026-05-12T13:15:06Z', text: '2026-05-12 13:15:06 UTC' },
    { case: 'milliseconds dropped', iso: '2026-05-12T13:15:06.999Z', text: '2026-05-12 13:15:06 UTC' },
    { case: 'an offset, shown in UTC', iso: '2026-05-12T15:15:06+02:00', text: '2026-05-12 13:15:06 UTC' },
    { case: 'not a date, shown as is', iso: 'yesterday', text: 'yesterday' },
  ])('$case', ({ iso, text }) => {
    expect(formatTimeUtc(iso)).toBe(text);
  });

  it.each([
    { case: 'one day: the date once', since: '2026-05-12T13:15:06Z', until: '2026-05-12T13:20:06.5Z', text: '2026-05-12 13:15:06 -> 13:20:06 UTC' },
    { case: 'across midnight: both dates', since: '2026-05-12T23:58:00Z', until: '2026-05-13T00:03:00Z', text: '2026-05-12 23:58:00 -> 2026-05-13 00:03:00 UTC' },
    { case: 'not dates, shown as they are', since: 'x', until: '2026-05-13T00:03:00Z', text: 'x -> 2026-05-13T00:03:00Z' },
  ])('window $case', ({ since, until, text }) => {
    expect(formatWindowUtc(since, until)).toBe(text);
    expect(formatWindowUtc(since, until, '→')).toBe(text.replace('->', '→'));
  });
});

/** The digest sample with `change` applied to its digest. */
const digestWith = (change: (alert: Notification) => void): Notification => {
  const alert = loadSampleAlert('alerts/digest-oom');
  change(alert);
  return alert;
};

/** The resolved sample with `change` applied to the incident it ends. */
const resolvedWith = (change: (incident: NonNullable<Notification['resolves']>) => void): Notification => {
  const alert = loadSampleAlert('alerts/resolved-oom');
  if (alert.resolves !== undefined) change(alert.resolves);
  return alert;
};

const categories = (n: number) => Array.from({ length: n }, (_, i) => ({ category: `category-${i}`, count: 1_000 - i }));

describe('email subject of noise control alerts', () => {
  it.each([
    {
      case: 'a digest: scope, count, window and categories',
      alert: () => digestWith(() => undefined),
      subject: '[CRITICAL DIGEST] 1,234 more alerts in 5m (oom 1,200, health-check 34) | prod/payments-api',
    },
    {
      case: 'a digest of one alert',
      alert: () => digestWith((a) => a.digest && Object.assign(a.digest, { count: 1, categories: [{ category: 'oom', count: 1 }] })),
      subject: '[CRITICAL DIGEST] 1 more alert in 5m (oom 1) | prod/payments-api',
    },
    {
      case: 'a digest over hours',
      alert: () => digestWith((a) => a.digest && Object.assign(a.digest, { until: '2026-05-12T15:20:36Z' })),
      subject: '[CRITICAL DIGEST] 1,234 more alerts in 2h 5m (oom 1,200, health-check 34) | prod/payments-api',
    },
    {
      case: 'a digest with more categories than fit: the rest counted',
      alert: () => digestWith((a) => a.digest && Object.assign(a.digest, { categories: categories(8) })),
      subject: '[CRITICAL DIGEST] 1,234 more alerts in 5m (category-0 1,000, +7 more) | prod/payments-api',
    },
    {
      case: 'a digest without categories',
      alert: () => digestWith((a) => a.digest && Object.assign(a.digest, { categories: [] })),
      subject: '[CRITICAL DIGEST] 1,234 more alerts in 5m | prod/payments-api',
    },
    {
      case: 'a digest whose window is not a date: no duration',
      alert: () => digestWith((a) => a.digest && Object.assign(a.digest, { since: 'later', until: 'sooner' })),
      subject: '[CRITICAL DIGEST] 1,234 more alerts (oom 1,200, health-check 34) | prod/payments-api',
    },
    {
      case: 'a digest without cluster or service: the group names it',
      alert: () => digestWith((a) => {
        delete a.labels.cluster;
        delete a.labels.service;
        if (a.digest) a.digest.group = 'alarm=prod-web-5xx';
      }),
      subject: '[CRITICAL DIGEST] 1,234 more alerts in 5m (oom 1,200, health-check 34) | alarm=prod-web-5xx',
    },
    {
      case: 'a digest of a long, non-ASCII service name: cut in the middle, the count and categories kept',
      alert: () => digestWith((a) => (a.labels.service = `paiement-${'é'.repeat(80)}`)),
      subject: `[CRITICAL DIGEST] 1,234 more alerts in 5m (oom 1,200, health-check 34) | prod/paiement-...${'e'.repeat(9)}`,
    },
    {
      case: 'a resolution: the incident summary and how long it lasted (its largest unit, to keep the summary whole)',
      alert: () => resolvedWith(() => undefined),
      subject: '[RESOLVED] container payments-api killed: out of memory (exit 137) after 23m | prod/payments-api',
    },
    {
      case: 'a resolution after hours',
      alert: () => resolvedWith((i) => (i.durationMs = 2 * HOUR + 5 * MINUTE + 3 * SECOND)),
      subject: '[RESOLVED] container payments-api killed: out of memory (exit 137) after 2h 5m | prod/payments-api',
    },
    {
      case: 'a resolution of a long summary: the summary cut, the duration kept',
      alert: () => resolvedWith((i) => (i.summary = `prod/payments-api: ${'x'.repeat(200)}`)),
      subject: `[RESOLVED] ${'x'.repeat(51)}... after 23m 10s | prod/payments-api`,
    },
    {
      case: 'a resolution of a multi-line, non-ASCII summary',
      alert: () => resolvedWith((i) => (i.summary = 'prod/api:\r\nSubject: forged\u202e — café')),
      subject: '[RESOLVED] Subject: forged ? cafe after 23m 10s | prod/api',
    },
    {
      case: '"resolves" on a firing alert is ignored',
      alert: () => ({ ...resolvedWith(() => undefined), status: 'firing' as const }),
      subject: '[INFO] steady-state: service reached steady state | prod/payments-api',
    },
  ])('$case', ({ alert, subject }) => {
    const rendered = renderSubject(alert());
    expect(rendered).toBe(subject);
    expect(rendered.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(rendered).toMatch(/^[\x20-\x7e]+$/);
  });
});
