import type { PatternIssue } from './types';

/** Renders issues as one line each, `(root)` standing for the pattern itself. */
const describeIssues = (issues: readonly PatternIssue[]): string =>
  issues.map((issue) => `${issue.path === '' ? '(root)' : issue.path}: ${issue.message}`).join('\n');

/**
 * An event pattern that EventBridge would reject. Carries every problem found, each with its
 * path inside the pattern, so a config check can report them all at once.
 */
export class PatternError extends Error {
  /** Every problem, in pattern order. Never empty. */
  public readonly issues: PatternIssue[];

  public constructor(issues: readonly PatternIssue[], options?: ErrorOptions) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`invalid event pattern (${count}):\n${describeIssues(issues)}`, options);
    this.name = 'PatternError';
    this.issues = issues.map((issue) => ({ ...issue }));
  }
}
