import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Notification } from '../../shared/deliver';
import { normalizeEvent } from '../../shared/normalize';
import { loadFixture } from '../support/fixtures';

/**
 * Sample alerts as noise control sends them (digests, resolutions, alerts sent while its state
 * was unreachable): test/fixtures/alerts/<name>.json names a real event fixture and the
 * changes made to its alert, so a sample follows the normalizer as the fixtures do.
 *
 * - `event`: the event fixture (`ecs-task/stopped-oom`) whose normalized alert is the base;
 * - `changes`: top-level Notification fields replaced (`status`, `summary`, `digest`, `gateUnavailable`...);
 * - `resolvesFrom`: an event fixture whose alert's fingerprint, category and summary complete
 *   `changes.resolves` (the incident the sample ends).
 */
const ALERTS_DIR = join(__dirname, '..', 'fixtures', 'alerts');

interface SampleFile {
  about: string;
  event: string;
  resolvesFrom?: string;
  changes: Partial<Notification>;
}

const SAMPLE_KEYS: ReadonlySet<string> = new Set(['about', 'event', 'resolvesFrom', 'changes']);

/** Every sample's name (`alerts/<name>`), sorted. */
export const listSampleAlerts = (): string[] =>
  readdirSync(ALERTS_DIR).filter((f) => f.endsWith('.json')).map((f) => `alerts/${f.replace(/\.json$/, '')}`).sort();

/** A sample alert (a fresh copy each call, safe to mutate); throws on a malformed sample. */
export const loadSampleAlert = (name: string): Notification => {
  const file = JSON.parse(readFileSync(join(ALERTS_DIR, `${name.replace(/^alerts\//, '')}.json`), 'utf8')) as SampleFile;
  const unknown = Object.keys(file).filter((k) => !SAMPLE_KEYS.has(k));
  if (unknown.length > 0 || typeof file.event !== 'string' || typeof file.changes !== 'object') {
    throw new Error(`sample ${name}: needs "event" and "changes", unknown keys: ${unknown.join(', ') || 'none'}`);
  }
  const alert: Notification = { ...normalizeEvent(loadFixture(file.event)), ...structuredClone(file.changes) };
  if (file.resolvesFrom !== undefined) {
    const { fingerprint, category, summary } = normalizeEvent(loadFixture(file.resolvesFrom));
    const times = file.changes.resolves;
    if (times === undefined) throw new Error(`sample ${name}: "resolvesFrom" needs "changes.resolves" (startedAt, endedAt, durationMs, alerts)`);
    alert.resolves = { fingerprint, category, summary, startedAt: times.startedAt, endedAt: times.endedAt, durationMs: times.durationMs, alerts: times.alerts };
  }
  return alert;
};
