import { SKIP_REASONS } from '../shared/events';
import type { EventReport } from '../shared/pipeline';
import { loadCliConfig } from './config';
import { explainReport, indexRoutes } from './explain';
import { expandPaths, readInputs } from './input';
import type { CliIo } from './io';
import { createOfflinePipeline } from './offline';

/** `herald test <events...>`: for each event, the alert, the routes and why, the topics, the message. */
export const runTestEvents = async (paths: readonly string[], configFile: string | undefined, io: CliIo, live = false): Promise<number> => {
  const compiled = loadCliConfig(configFile);
  const pipeline = createOfflinePipeline(compiled, undefined, live);
  const byPath = indexRoutes(compiled.routes);
  for (const input of readInputs(expandPaths(paths), io.readStdin)) {
    io.stdout(`== ${input.location}\n`);
    if ('error' in input) {
      io.stdout(`skipped   ${SKIP_REASONS.invalidJson}: ${input.error}\n\n`);
      continue;
    }
    const report: EventReport = await pipeline.processEvent(input.value);
    io.stdout(`${explainReport(report, input.value, byPath, compiled.targets)}\n`);
  }
  return 0;
};
