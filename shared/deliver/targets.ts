import type { HeraldConfig } from '../config';
import type { TopicTarget } from './types';

/** Delivery's slice of herald.yml: each topic's name, message format and severity floor. */
export const compileTopicTargets = (config: HeraldConfig): ReadonlyMap<string, TopicTarget> =>
  new Map(Object.entries(config.topics).map(([name, topic]) => [name, { name, format: topic.format ?? 'email', minSeverity: topic.min_severity }]));
