import { parseEvent } from '../../shared/events';
import { type Alert, normalizeEvent } from '../../shared/normalize';
import { loadRawFixture } from './fixtures';

/** The first half of 💥 (U+1F4A5): what is left when event text is cut inside the emoji. */
export const LONE_HIGH = '💥'.slice(0, 1);
/** The second half of 💥, left at the start of text cut just after its first half. */
export const LONE_LOW = '💥'.slice(1);

/** Where a task event carries text from outside AWS: each is a place to put a lone surrogate. */
export interface TaskEventText {
  stoppedReason?: string;
  /** The name of the container that was OOM-killed (the alert's culprit). */
  container?: string;
  /** The service name, in the task's `group` (`service:<name>`). */
  service?: string;
  /** The cluster name, in the task's `clusterArn`. */
  cluster?: string;
}

interface TaskEventJson {
  detail: { stoppedReason?: string; group?: string; clusterArn?: string; containers: { name: string }[] };
}

/** The OOM-kill event (`ecs-task/stopped-oom`) with `text` put in, parsed and normalized. */
export const oomAlertWith = (text: TaskEventText): Alert => {
  const raw = loadRawFixture('ecs-task/stopped-oom');
  const { detail } = raw as unknown as TaskEventJson;
  const [culprit] = detail.containers;
  if (text.stoppedReason !== undefined) detail.stoppedReason = text.stoppedReason;
  if (text.container !== undefined && culprit !== undefined) culprit.name = text.container;
  if (text.service !== undefined) detail.group = `service:${text.service}`;
  if (text.cluster !== undefined) detail.clusterArn = `arn:aws:ecs:us-west-2:111122223333:cluster/${text.cluster}`;
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(`the variant does not parse: ${parsed.error.message}`);
  return normalizeEvent(parsed.event);
};

/** Every string in a JSON-like value, object keys included, with its path. */
export const stringsOf = (value: unknown, path = '$'): { path: string; text: string }[] => {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, n) => stringsOf(v, `${path}[${n}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [{ path: `${path}.${k} (key)`, text: k }, ...stringsOf(v, `${path}.${k}`)]);
  }
  return [];
};

/** The paths of the strings in `value` that are not well-formed UTF-16 (hold a lone surrogate). */
export const illFormedPaths = (value: unknown): string[] => stringsOf(value).filter((s) => !s.text.isWellFormed()).map((s) => s.path);
