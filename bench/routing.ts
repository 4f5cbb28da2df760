import { compileConfigText } from '../shared/compile';
import { parseEvent } from '../shared/events';
import { normalizeEvent } from '../shared/normalize';
import { matchRoutes } from '../shared/route';
import { eventsPerSecond } from './measure';

/**
 * A configuration with `count` routes shaped like a large organisation's: one route per
 * service (by name, some by prefix), team routes with children, and the services of the
 * fixture corpus last, so a router that tried every route would pay for all of them.
 */
export const routingConfig = (count: number): string => {
  const lines = ['topics: { oncall: {}, team: {} }', 'default: { notify: [oncall] }', 'routes:', '  - { name: routine, match: { severity: [info] }, notify: [] }'];
  for (let i = 0; i < count - 4; i++) {
    if (i % 25 === 0) {
      lines.push(`  - name: team-${i}`, `    match: { service: [{ prefix: team-${i}- }] }`, '    notify: [team]', '    routes:', `      - { name: team-${i}-critical, match: { severity: [critical] }, notify: [oncall, team] }`);
    } else {
      lines.push(`  - { name: svc-${i}, match: { service: [svc-${i}], cluster: [prod, staging] }, notify: [team], continue: ${i % 2 === 0} }`);
    }
  }
  lines.push(
    '  - { name: payments, match: { service: [payments-api] }, notify: [team] }',
    '  - { name: web, match: { service: [web] }, notify: [team] }',
    '  - { name: worker, match: { service: [worker], severity: [critical] }, notify: [team] }',
  );
  return `${lines.join('\n')}\n`;
};

/** Parse + normalize + route throughput with 10, 100 and 1,000 routes. */
export const benchRouting = (corpus: readonly unknown[]): { routes: number; perSec: number }[] =>
  [10, 100, 1000].map((routes) => {
    const tree = compileConfigText(routingConfig(routes), `bench-${routes}.yml`).routes;
    const perSec = eventsPerSecond(corpus, (event) => {
      const parsed = parseEvent(event);
      return parsed.ok ? matchRoutes(tree, normalizeEvent(parsed.event), event) : parsed.error;
    });
    return { routes, perSec };
  });
