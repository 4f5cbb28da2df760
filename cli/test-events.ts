import { createRedactor } from '../shared/enrich';
import { SKIP_REASONS } from '../shared/events';
import type { EventReport } from '../shared/pipeline';
import { loadCliConfig } from './config';
import { explainReport, indexRoutes } from './explain';
import { expandPaths, readInputs } from './input';
import type { CliIo } from './io';
import { createOfflineRun } from './offline';

/** `herald test <events...>`: for each event, the alert, the routes and why, the topics, the message. */
export const runTestEvents = async (paths: readonly string[], configFile: string | undefined, io: CliIo, live = false): Promise<number> => {
  const compiled = loadCliConfig(configFile);
  // The same noise control as a replay: events given together are judged as one stream.
  const run = createOfflineRun(compiled, { live });
  const byPath = indexRoutes(compiled.routes);
  const redactor = createRedactor(compiled.enrich.redact);
  let alerts = 0;
  for await (const input of readInputs(expandPaths(paths), () => io.streamStdin?.() ?? io.readStdin())) {
    io.stdout(`== ${input.location}\n`);
    if ('error' in input) {
      io.stdout(`skipped   ${SKIP_REASONS.invalidJson}: ${input.error}\n\n`);
      continue;
    }
    run.advanceTo(input.value);
    const report: EventReport = await run.pipeline.processEvent(input.value);
    if (report.outcome === 'alert') alerts += 1;
    io.stdout(`${explainReport(report, input.value, byPath, compiled.targets, redactor)}\n`);
  }
  // Nothing read, or every input skipped: a script must not take that for a passing test.
  return alerts > 0 ? 0 : 1;
};
