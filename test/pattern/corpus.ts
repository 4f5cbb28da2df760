import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PatternOptions } from '../../shared/pattern';

/** The corpus: test/fixtures/patterns/<topic>.json, each an array of named cases. */
export const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'patterns');

/** One (pattern, event, expected) case; `doc` cites the page or recorded behaviour it comes from. */
export interface CorpusCase {
  case: string;
  doc?: string;
  pattern: unknown;
  event: unknown;
  matches: boolean;
  options?: PatternOptions;
  /** The corpus file, without `.json`. */
  topic: string;
}

/**
 * Every case of every corpus file, parsed with JSON.parse as events arrive (so `"__proto__"` is
 * an own key and a key given twice keeps its last value, as EventBridge does).
 */
export const loadCorpus = (): CorpusCase[] =>
  readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const topic = file.replace(/\.json$/, '');
      const cases = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as Omit<CorpusCase, 'topic'>[];
      return cases.map((entry) => ({ ...entry, topic }));
    });
