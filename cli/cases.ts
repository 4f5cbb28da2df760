import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, formatIssue, loadYamlDocument } from '../shared/config';
import { type CompiledConfig } from '../shared/compile';
import { SEVERITIES } from '../shared/normalize';
import { loadCliConfig } from './config';
import type { CliIo } from './io';
import { createOfflinePipeline } from './offline';

/**
 * A routing test cases file: each case an event (a file relative to the cases file, or
 * inline) and what should happen to it.
 */
const CASES_SCHEMA = z.strictObject({
  /** The configuration under test, relative to the cases file; `--config` overrides it. @default ./herald.yml */
  config: z.string().min(1).optional(),
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        event: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
        expect: z.strictObject({
          /** Matched route names, in order. */
          routes: z.array(z.string()).optional(),
          /** Topics that receive the alert, in any order. */
          topics: z.array(z.string()).optional(),
          category: z.string().optional(),
          severity: z.enum(SEVERITIES).optional(),
          /** The skip reason, for events that must not become alerts. */
          skipped: z.string().optional(),
        }),
      }),
    )
    .min(1),
});

type CasesFile = z.infer<typeof CASES_SCHEMA>;

const show = (value: unknown): string => (Array.isArray(value) ? `[${value.join(', ')}]` : String(value));

/**
 * `herald test --cases <file>`: runs every case, prints PASS or FAIL with a diff of what
 * differed, and a closing `N passed, N failed` line. Exit 1 on any failure or invalid file.
 */
export const runCases = async (casesFile: string, configFile: string | undefined, io: CliIo): Promise<number> => {
  let text: string;
  try {
    text = readFileSync(casesFile, 'utf8');
  } catch (error) {
    io.stderr(`${casesFile}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const loaded = loadYamlDocument(text, casesFile, CASES_SCHEMA as z.ZodType<CasesFile>);
  if (loaded.value === undefined) {
    for (const issue of loaded.issues) io.stderr(`${formatIssue(issue)}\n`);
    return 1;
  }
  const base = dirname(casesFile);
  // What the command line says wins over the file, and the run says so: a silently ignored
  // --config would test another configuration than the one the user meant.
  const named = loaded.value.config === undefined ? undefined : resolve(base, loaded.value.config);
  if (configFile !== undefined && named !== undefined) io.stderr(`herald: testing --config ${configFile}, not ${named} that ${casesFile} names\n`);
  let compiled: CompiledConfig;
  try {
    compiled = loadCliConfig(configFile ?? named);
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const issue of error.issues) io.stderr(`${formatIssue(issue)}\n`);
      return 1;
    }
    throw error;
  }
  const pipeline = createOfflinePipeline(compiled, undefined);
  let passed = 0;
  let failed = 0;
  for (const testCase of loaded.value.cases) {
    let event: unknown = testCase.event;
    if (typeof testCase.event === 'string') {
      try {
        event = JSON.parse(readFileSync(resolve(base, testCase.event), 'utf8'));
      } catch (error) {
        failed++;
        io.stdout(`FAIL  ${testCase.name}\n      event ${testCase.event}: ${error instanceof Error ? error.message : String(error)}\n`);
        continue;
      }
    }
    const report = await pipeline.processEvent(event);
    const actual = report.outcome === 'skipped'
      ? { skipped: report.reason }
      : {
          routes: report.routes.map((r) => r.route),
          topics: [...new Set(report.deliveries.filter((d) => d.status === 'sent').map((d) => d.destination))].sort(),
          category: report.alert.category,
          severity: report.alert.severity,
        };
    const diffs: string[] = [];
    for (const [key, expected] of Object.entries(testCase.expect)) {
      const got = actual[key as keyof typeof actual];
      const want = key === 'topics' && Array.isArray(expected) ? [...expected].sort() : expected;
      if (JSON.stringify(want) !== JSON.stringify(got)) diffs.push(`      ${key}: expected ${show(want)}, got ${show(got ?? '(not an alert)')}`);
    }
    if (diffs.length === 0) {
      passed++;
      io.stdout(`PASS  ${testCase.name}\n`);
    } else {
      failed++;
      io.stdout(`FAIL  ${testCase.name}\n${diffs.join('\n')}\n`);
    }
  }
  io.stdout(`\n${casesFile}: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
};
