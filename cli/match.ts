import { readFileSync } from 'node:fs';
import { checkPattern, compilePattern } from '../shared/route';
import type { CliIo } from './io';

const readJson = (file: string): { value?: unknown; error?: string } => {
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { error: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
};

/**
 * `herald match <pattern.json> <event.json>`, the offline twin of EventBridge's
 * TestEventPattern: prints `true` (exit 0) or `false` (exit 1); an invalid pattern or an
 * unreadable file exits 2 with the reason.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
export const runMatch = (patternFile: string, eventFile: string, io: CliIo): number => {
  const pattern = readJson(patternFile);
  const event = readJson(eventFile);
  for (const problem of [pattern.error, event.error]) {
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
