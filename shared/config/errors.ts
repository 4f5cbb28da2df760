/** One problem in a configuration file, located precisely. */
export interface ConfigIssue {
  /** `error` fails check, packaging and deploy; `warning` is printed and allowed. */
  level: 'error' | 'warning';
  file: string;
  /** 1-based; 0 when the problem has no position (an empty file). */
  line: number;
  column: number;
  /** Where in the document, e.g. `routes[2].match.cluster`; '' for the document itself. */
  path: string;
  message: string;
}

/** `herald.yml:12:7: routes[2].match.cluster: expected ...`, as compilers print. */
export const formatIssue = (issue: ConfigIssue): string =>
  `${issue.file}:${issue.line}:${issue.column}: ${issue.level === 'warning' ? 'warning: ' : ''}${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;

/** Thrown when a configuration has errors; carries every issue found, not just the first. */
export class ConfigError extends Error {
  public readonly issues: readonly ConfigIssue[];

  public constructor(issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const errors = issues.filter((i) => i.level === 'error');
    super(`${errors.length} error(s) in configuration:\n${errors.map(formatIssue).join('\n')}`, options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
