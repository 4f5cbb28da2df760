import { describeRoutes } from '../shared/route';
import type { CliIo } from './io';
import { loadCliConfig } from './config';

/** `herald routes`: the routing tree as text, then the EventBridge rules it deploys. */
export const runRoutes = (configFile: string | undefined, io: CliIo): number => {
  const compiled = loadCliConfig(configFile);
  io.stdout(`${compiled.file}\n\n${describeRoutes(compiled.routes)}\nEventBridge rules (events no route can deliver are not forwarded):\n`);
  for (const rule of compiled.eventRules) io.stdout(`  ${JSON.stringify(rule.pattern)}\n    for routes: ${rule.routes.join(', ')}\n`);
  return 0;
};
