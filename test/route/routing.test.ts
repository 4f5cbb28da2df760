import { compileConfigText } from '../../shared/compile';
import { splitPatternPath } from '../../shared/config/validate';
import { normalizeEvent, type Alert, type Labels } from '../../shared/normalize';
import { matchRoutes, type RouteNode } from '../../shared/route';
import { loadFixture, loadRawFixture } from '../support/fixtures';

const compile = (yaml: string): RouteNode => compileConfigText(yaml, 'test.yml').routes;

const alertWith = (labels: Labels): Alert => ({ ...normalizeEvent(loadFixture('ecs-task/stopped-oom')), labels });

const TREE = compile(`
topics: { a: {}, b: {}, c: {}, d: {} }
default: { notify: [a], group_by: [cluster], throttle: 1h }
routes:
  - name: first
    match: { service: [web] }
    notify: [b]
    continue: true
  - name: second
    match: { service: [web, api] }
    routes:
      - name: second-critical
        match: { severity: [critical] }
        notify: [c]
        group_by: [service]
      - name: second-never
        match: { severity: [none] }
  - name: third
    match: { service: [worker] }
    notify: [d]
`);

describe('routing tree (Alertmanager semantics)', () => {
  it.each([
    { case: 'no child matches: the root itself', labels: { service: 'db' }, routes: ['default'] },
    { case: 'continue lets later siblings match; the first non-continuing match stops', labels: { service: 'web', severity: 'critical' }, routes: ['first', 'second-critical'] },
    { case: 'a matching parent whose children do not match is the match', labels: { service: 'api', severity: 'warning' }, routes: ['second'] },
    { case: 'the first match without continue wins', labels: { service: 'api', severity: 'critical' }, routes: ['second-critical'] },
  ])('$case', ({ labels, routes }) => {
    expect(matchRoutes(TREE, alertWith(labels), {}).map((m) => m.route)).toEqual(routes);
  });

  it('children inherit options they do not set', () => {
    const [match] = matchRoutes(TREE, alertWith({ service: 'api', severity: 'warning' }), {});
    expect(match?.options).toMatchObject({ notify: ['a'], groupBy: ['cluster'], throttleMs: 3_600_000, groupWaitMs: 0 });
    expect(match?.chain).toEqual(['default', 'second']);
  });

  it('a child overrides what it sets and keeps the rest', () => {
    const matches = matchRoutes(TREE, alertWith({ service: 'api', severity: 'critical' }), {});
    expect(matches[0]?.options).toMatchObject({ notify: ['c'], groupBy: ['service'], throttleMs: 3_600_000 });
  });

  it('matches `event:` patterns against the raw event and `match:` against labels', () => {
    const tree = compile(`
topics: { a: {} }
routes:
  - name: prod-stopped
    match: { cluster: [prod] }
    event: { detail: { lastStatus: [STOPPED], containers: { exitCode: [{ numeric: [">", 128] }] } } }
    notify: [a]
`);
    const raw = loadRawFixture('ecs-task/stopped-oom');
    const alert = normalizeEvent(loadFixture('ecs-task/stopped-oom'));
    expect(matchRoutes(tree, alert, raw).map((m) => m.route)).toEqual(['prod-stopped']);
    expect(matchRoutes(tree, alert, loadRawFixture('ecs-task/running')).map((m) => m.route)).toEqual(['default']);
  });

  it('numeric conditions on labels compare numeric strings', () => {
    const tree = compile(`
topics: { a: {} }
routes:
  - { name: signal, match: { exitCode: [{ numeric: [">", 128] }] }, notify: [a] }
`);
    expect(matchRoutes(tree, alertWith({ exitCode: '137' }), {}).map((m) => m.route)).toEqual(['signal']);
    expect(matchRoutes(tree, alertWith({ exitCode: '1' }), {}).map((m) => m.route)).toEqual(['default']);
  });
});

describe('sibling index', () => {
  // 200 routes, enough to be indexed, mixing indexed (exact values) and always-tried routes;
  // siblings on one service overlap on a cluster, so where the first match stops matters.
  const routes = Array.from({ length: 200 }, (_, i) => {
    if (i % 50 === 7) return `  - { name: r${i}, match: { service: [{ prefix: svc-1 }] }, notify: [a], continue: true }`;
    if (i % 40 === 3) return `  - { name: r${i}, match: { severity: [critical], cluster: [c${i % 7}] }, notify: [a], continue: ${i % 80 === 3} }`;
    return `  - { name: r${i}, match: { service: [svc-${i % 60}], cluster: [c${i % 7}, c${(i + 1) % 7}] }, notify: [a], continue: ${i % 2 === 0} }`;
  });
  const indexed = compile(`topics: { a: {} }\nroutes:\n${routes.join('\n')}\n`);
  const linear: RouteNode = { ...indexed, index: undefined };

  it('is built for many siblings', () => {
    expect(indexed.index).toBeDefined();
  });

  it('gives exactly the routes, in the order, that trying every route gives', () => {
    for (let s = 0; s < 70; s++) {
      for (const cluster of ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']) {
        for (const severity of ['critical', 'warning']) {
          const alert = alertWith({ service: `svc-${s}`, cluster, severity });
          expect(matchRoutes(indexed, alert, {}).map((m) => m.route)).toEqual(matchRoutes(linear, alert, {}).map((m) => m.route));
        }
      }
    }
  });
});

describe('pattern issue paths in herald.yml', () => {
  it('locates issues under quoted keys', () => {
    expect(splitPatternPath('detail["a.b"][0].prefix')).toEqual(['detail', 'a.b', 0, 'prefix']);
    expect(splitPatternPath('severity[1].numeric[2]')).toEqual(['severity', 1, 'numeric', 2]);
  });
});
