import { createObservability } from '../../shared/observability';

interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** The EMF documents one invocation writes. */
const invoke = async (run: (observe: ReturnType<typeof createObservability>) => void, options?: Parameters<typeof createObservability>[1]): Promise<Emf[]> => {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const observe = createObservability('ecs-herald-test', options);
    await observe.invoke(undefined, async () => run(observe)).catch(() => undefined);
  } finally {
    log.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Emf).filter((doc) => doc._aws !== undefined);
};

/** `Alerts [service,category,severity] = 2` per metric of each document. */
const summary = (docs: Emf[]): string[] =>
  docs.flatMap((doc) =>
    (doc._aws.CloudWatchMetrics[0]?.Metrics ?? []).map((m) => `${m.Name} ${doc._aws.CloudWatchMetrics[0]?.Dimensions.map((d) => `[${d.join(',')}]`).join('')} = ${JSON.stringify(doc[m.Name])} ${m.Unit}`),
  );

describe('createObservability', () => {
  // Dev mode writes with console.log (spied on); it also turns metrics off unless told otherwise.
  const env = { ...process.env };
  beforeAll(() => Object.assign(process.env, { POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'false' }));
  afterAll(() => {
    for (const key of ['POWERTOOLS_DEV', 'POWERTOOLS_METRICS_DISABLED']) {
      if (env[key] === undefined) delete process.env[key];
      else process.env[key] = env[key];
    }
  });

  it('publishes totals in one document, and each breakdown, summed, in a document of its own', async () => {
    const docs = await invoke((observe) => {
      observe.count('Alerts', [{ category: 'oom', severity: 'critical' }, { cluster: 'prod' }]);
      observe.count('Alerts', [{ category: 'oom', severity: 'critical' }, { cluster: 'staging' }]);
      observe.count('GateSent');
      observe.duration('AlertLatency', 1200);
    });
    expect(summary(docs)).toEqual([
      'Alerts [service] = [1,1] Count',
      'GateSent [service] = 1 Count',
      'AlertLatency [service] = 1200 Milliseconds',
      'Alerts [service,category,severity] = 2 Count',
      'Alerts [service,cluster] = 1 Count',
      'Alerts [service,cluster] = 1 Count',
    ]);
    expect(docs[1]).toMatchObject({ service: 'ecs-herald', category: 'oom', severity: 'critical' });
  });

  it.each([
    { case: 'the stack name it is given', options: { metricsService: 'ecs-herald-prod' }, service: 'ecs-herald-prod' },
    { case: 'ecs-herald when none is given (the CLI, tests)', options: {}, service: 'ecs-herald' },
    { case: 'ecs-herald for an empty one', options: { metricsService: '' }, service: 'ecs-herald' },
  ])('names the service dimension $case', async ({ options, service }) => {
    const [doc] = await invoke((observe) => observe.count('Alerts'), options);
    expect(doc?.service).toBe(service);
  });

  it('stamps every document with the invocation\'s start, as Lambda stamps its Errors, also when the invocation throws', async () => {
    const start = Date.now();
    const docs = await invoke((observe) => {
      observe.count('EventsRetried', [{ reason: 'x' }]);
      const until = Date.now() + 30;
      while (Date.now() < until);
      throw new Error('retry me');
    });
    expect(docs).toHaveLength(2);
    for (const doc of docs) {
      expect(doc._aws.Timestamp).toBeGreaterThanOrEqual(start);
      expect(doc._aws.Timestamp).toBeLessThan(start + 25);
    }
  });

  it('starts each invocation with no breakdowns left from the last', async () => {
    const observeDocs: Emf[][] = [];
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    const observe = createObservability('ecs-herald-test');
    await observe.invoke(undefined, async () => observe.count('Alerts', [{ cluster: 'prod' }]));
    observeDocs.push(lines.splice(0).map((l) => JSON.parse(l) as Emf).filter((d) => d._aws !== undefined));
    await observe.invoke(undefined, async () => observe.count('GateSent'));
    observeDocs.push(lines.splice(0).map((l) => JSON.parse(l) as Emf).filter((d) => d._aws !== undefined));
    log.mockRestore();
    expect(observeDocs.map(summary)).toEqual([['Alerts [service] = 1 Count', 'Alerts [service,cluster] = 1 Count'], ['GateSent [service] = 1 Count']]);
  });
});
