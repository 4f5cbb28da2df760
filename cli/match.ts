import { readFileSync } from 'node:fs';
import { checkPattern, compilePattern } from '../shared/route';
import type { CliIo } from './io';

/** A JSON file, or standard input for `-`. */
const readJson = (file: string, readStdin: () => string): { value?: unknown; error?: string } => {
  try {
    return { value: JSON.parse(file === '-' ? readStdin() : readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { error: `${file === '-' ? 'standard input' : file}: ${error instanceof Error ? error.message : String(error)}` };
  }
};

/**
 * `herald match <pattern.json> <event.json>` (either may be `-`, standard input), the offline twin of EventBridge's
 * TestEventPattern: prints `true` (exit 0) or `false` (exit 1); an invalid pattern or an
 * unreadable file exits 2 with the reason.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
export const runMatch = (patternFile: string, eventFile: string, io: CliIo): number => {
  if (patternFile === '-' && eventFile === '-') {
    io.stderr('herald match: only one of the pattern and the event can be read from standard input (-)\n');
    return 2;
  }
  const pattern = readJson(patternFile, io.readStdin);
  const event = readJson(eventFile, io.readStdin);
  // EventBridge tests one event; an array (a replay file, say) is not one.
  const notAnEvent = event.error === undefined && (typeof event.value !== 'object' || event.value === null || Array.isArray(event.value))
    ? `${eventFile === '-' ? 'standard input' : eventFile}: expected one event (a JSON object), got ${Array.isArray(event.value) ? `an array of ${event.value.length}` : event.value === null ? 'null' : `a ${typeof event.value}`}`
    : undefined;
  for (const problem of [pattern.error, event.error, notAnEvent]) {
    if (problem !== undefined) {
      io.stderr(`herald match: ${problem}\n`);
      return 2;
    }
  }
  const issues = checkPattern(pattern.value);
  if (issues.length > 0) {
    for (const issue of issues) io.stderr(`${patternFile}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}\n`);
    return 2;
  }
  const matched = compilePattern(pattern.value).matches(event.value);
  io.stdout(`${matched}\n`);
  return matched ? 0 : 1;
};
