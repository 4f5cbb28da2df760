import { diffTaskDefinitions } from '../../shared/enrich/ecs';
import type { TaskDefinitionContext } from '../../shared/enrich/types';

const REPO = '111122223333.dkr.ecr.us-west-2.amazonaws.com/payments-api';
const DIGEST_A = 'a'.repeat(12) + '0'.repeat(52);
const DIGEST_B = 'b'.repeat(12) + '1'.repeat(52);

const BASE: TaskDefinitionContext = {
  arn: 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:41',
  family: 'payments-api',
  revision: 41,
  cpu: '512',
  memory: '1024',
  containers: [
    { name: 'app', image: `${REPO}:1.4`, cpu: 256, memory: 512, essential: true, environmentNames: ['PORT', 'DB_HOST'], awslogs: { group: '/ecs/payments-api' } },
    { name: 'sidecar', image: `public.ecr.aws/envoy@sha256:${DIGEST_A}`, memoryReservation: 64, essential: false, environmentNames: [] },
  ],
};

/** The next revision with `mutate` applied to a copy. */
const next = (mutate: (td: TaskDefinitionContext) => void): TaskDefinitionContext => {
  const td = structuredClone(BASE);
  td.arn = 'arn:aws:ecs:us-west-2:111122223333:task-definition/payments-api:42';
  td.revision = 42;
  mutate(td);
  return td;
};

const app = (td: TaskDefinitionContext) => {
  const container = td.containers[0];
  if (container === undefined) throw new Error('no app container');
  return container;
};

describe('diffTaskDefinitions', () => {
  it.each([
    { case: 'no change', to: next(() => undefined), changes: [] },
    { case: 'image tag', to: next((td) => (app(td).image = `${REPO}:1.5`)), changes: [`image app: ${REPO}:1.4 -> ${REPO}:1.5`] },
    {
      case: 'image digest (shortened)',
      to: next((td) => {
        const sidecar = td.containers[1];
        if (sidecar) sidecar.image = `public.ecr.aws/envoy@sha256:${DIGEST_B}`;
      }),
      changes: ['image sidecar: public.ecr.aws/envoy@sha256:aaaaaaaaaaaa -> public.ecr.aws/envoy@sha256:bbbbbbbbbbbb'],
    },
    { case: 'tag to digest', to: next((td) => (app(td).image = `${REPO}@sha256:${DIGEST_B}`)), changes: [`image app: ${REPO}:1.4 -> ${REPO}@sha256:bbbbbbbbbbbb`] },
    {
      case: 'task cpu and memory',
      to: next((td) => {
        td.cpu = '1024';
        td.memory = '2048';
      }),
      changes: ['cpu: 512 -> 1024', 'memory: 1024 -> 2048'],
    },
    {
      case: 'container cpu, memory, reservation',
      to: next((td) => {
        app(td).cpu = 512;
        app(td).memory = undefined;
        app(td).memoryReservation = 768;
      }),
      changes: ['cpu app: 256 -> 512', 'memory app: 512 -> unset', 'memoryReservation app: unset -> 768'],
    },
    { case: 'env names added', to: next((td) => app(td).environmentNames.push('FEATURE_X', 'API_URL')), changes: ['env added app: API_URL, FEATURE_X'] },
    { case: 'env names removed', to: next((td) => (app(td).environmentNames = ['PORT'])), changes: ['env removed app: DB_HOST'] },
    { case: 'env reordered only', to: next((td) => app(td).environmentNames.reverse()), changes: [] },
    {
      case: 'container added and removed',
      to: next((td) => {
        td.containers = [app(td), { name: 'otel', image: 'otel/collector:0.99', environmentNames: [] }];
      }),
      changes: ['container added: otel (otel/collector:0.99)', 'container removed: sidecar'],
    },
    {
      case: 'several changes, task level first',
      to: next((td) => {
        app(td).image = `${REPO}:1.5`;
        td.memory = '2048';
        app(td).environmentNames.push('FEATURE_X');
      }),
      changes: ['memory: 1024 -> 2048', `image app: ${REPO}:1.4 -> ${REPO}:1.5`, 'env added app: FEATURE_X'],
    },
  ])('$case', ({ to, changes }) => {
    expect(diffTaskDefinitions(BASE, to)).toEqual({ from: BASE.arn, to: to.arn, changes });
  });

  it('never shows environment values: it has none to show', () => {
    const change = diffTaskDefinitions(BASE, next((td) => app(td).environmentNames.push('DB_PASSWORD')));
    expect(change.changes).toEqual(['env added app: DB_PASSWORD']);
  });
});
