import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** A resource of the packaged template. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

/** The packaged CloudFormation template (`cloudformation-template-update-stack.json`). */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Value: unknown }>;
}

/** An IAM policy statement as the template holds it. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Runs `serverless package` offline, without credentials, into a temporary directory. */
export const packageStack = (env: Record<string, string> = {}) => {
  const out = mkdtempSync(join(tmpdir(), 'herald-package-'));
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js'), 'package', '--package', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_CONFIG_FILE: '/dev/null', ...env },
    timeout: 120_000,
  });
  return { ...result, out };
};

const templates = new Map<string, CfnTemplate>();

/**
 * The stack packaged with a configuration (herald.yml by default), once per configuration and
 * test file: `serverless package` takes seconds, every test of a configuration reads the same
 * output.
 */
export const packaged = (config?: string): CfnTemplate => {
  const key = config ?? 'herald.yml';
  const cached = templates.get(key);
  if (cached !== undefined) return cached;
  const result = packageStack(config === undefined ? {} : { HERALD_CONFIG: config });
  if (result.status !== 0) throw new Error(`serverless package failed:\n${result.stdout}${result.stderr}`);
  const template = JSON.parse(readFileSync(join(result.out, 'cloudformation-template-update-stack.json'), 'utf8')) as CfnTemplate;
  templates.set(key, template);
  return template;
};

/** Every statement of a role's inline policies. */
export const statementsOf = (template: CfnTemplate, role: string): Statement[] =>
  (template.Resources[role]?.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);

/** A statement's actions, as a list. */
export const actionsOf = (statement: Statement): string[] => ([] as string[]).concat(statement.Action);
