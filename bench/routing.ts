import { compileConfigText } from '../shared/compile';
import type { Alert } from '../shared/normalize';
import { matchRoutes } from '../shared/route';
import { rateSampler, type Sampler } from './measure';

/** An alert as the route stage receives it, with the raw event its `event:` matchers read. */
export interface RoutingInput {
  alert: Alert;
  event: unknown;
}

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

/**
 * Routing alone: `matchRoutes` over alerts normalized beforehand, one sampler per route count
 * (the trees are compiled here, once, as the Lambda bundle compiles herald.yml at start-up).
 */
export const routingSamplers = (inputs: readonly RoutingInput[], sampleMs: number, warmUpMs: number): Record<'routes10' | 'routes100' | 'routes1000', Sampler> => {
  const sampler = (routes: number): Sampler => {
    const tree = compileConfigText(routingConfig(routes), `bench-${routes}.yml`).routes;
    return rateSampler(inputs, ({ alert, event }) => matchRoutes(tree, alert, event), sampleMs, warmUpMs);
  };
  return { routes10: sampler(10), routes100: sampler(100), routes1000: sampler(1000) };
};
