import { formatIssue, loadConfigText } from '../shared/config';
import { deriveEventRules } from '../shared/route';
import { readFileSync } from 'node:fs';
import type { CliIo } from './io';
import { DEFAULT_CONFIG_FILE } from './config';

const countRoutes = (routes: readonly { routes?: readonly unknown[] }[] | undefined): number =>
  (routes ?? []).reduce((n, r) => n + 1 + countRoutes(r.routes as { routes?: readonly unknown[] }[] | undefined), 0);

/** `herald check [file]`: every error and warning, with file:line:column and path. Exit 1 on errors. */
export const runCheck = (file: string | undefined, io: CliIo): number => {
  const path = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    io.stderr(`${path}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const { config, issues } = loadConfigText(text, path);
  for (const issue of issues) io.stdout(`${formatIssue(issue)}\n`);
  const errors = issues.filter((i) => i.level === 'error').length;
  const warnings = issues.length - errors;
  if (config === undefined) {
    io.stdout(`${path}: ${errors} error(s), ${warnings} warning(s)\n`);
    return 1;
  }
  const rules = deriveEventRules(config);
  io.stdout(`${path}: ok (${Object.keys(config.topics).length} topic(s), ${countRoutes(config.routes)} route(s), ${rules.length} EventBridge rule(s)${warnings > 0 ? `, ${warnings} warning(s)` : ''})\n`);
  return 0;
};
