import { compilePattern, type FieldExplanation } from '../../shared/pattern';

/** explain() for `herald test`, and the exact-string index routes are bucketed by. */

const TASK_STOPPED = {
  source: 'aws.ecs',
  'detail-type': 'ECS Task State Change',
  detail: {
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    containers: [
      { name: 'app', exitCode: 0 },
      { name: 'worker', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
    ],
  },
};

const field = (path: string, ok: boolean, detail: string): FieldExplanation => ({ path, ok, detail });

describe('explain', () => {
  it.each([
    {
      case: 'exact strings that match',
      pattern: { source: ['aws.ecs'], detail: { lastStatus: ['STOPPED'] } },
      event: TASK_STOPPED,
      matched: true,
      fields: [field('source', true, '"aws.ecs" equals "aws.ecs"'), field('detail.lastStatus', true, '"STOPPED" equals "STOPPED"')],
    },
    {
      case: 'one value that differs, one missing field',
      pattern: { detail: { lastStatus: ['RUNNING'], group: ['service:web', 'service:api'] } },
      event: TASK_STOPPED,
      matched: false,
      fields: [field('detail.lastStatus', false, '"STOPPED" does not equal "RUNNING"'), field('detail.group', false, 'missing; expected one of: "service:web", "service:api"')],
    },
    {
      case: 'operators and exists',
      pattern: { detail: { stopCode: [{ 'anything-but': 'UserInitiated' }], taskArn: [{ exists: false }], lastStatus: [{ prefix: 'STOP' }, 'DEPROVISIONING'] } },
      event: TASK_STOPPED,
      matched: true,
      fields: [
        field('detail.stopCode', true, '"EssentialContainerExited" matches anything-but "UserInitiated"'),
        field('detail.taskArn', true, 'missing, as exists: false requires'),
        field('detail.lastStatus', true, '"STOPPED" matches prefix "STOP"'),
      ],
    },
    {
      case: 'an array of objects: the element that matches',
      pattern: { detail: { containers: { exitCode: [{ numeric: ['>', 128] }], reason: [{ prefix: 'OutOfMemory' }] } } },
      event: TASK_STOPPED,
      matched: true,
      fields: [
        field('detail.containers[1].exitCode', true, '137 matches numeric > 128'),
        field('detail.containers[1].reason', true, '"OutOfMemoryError: Container killed due to memory usage" matches prefix "OutOfMemory"'),
      ],
    },
    {
      case: 'an array of objects: the closest element when none matches',
      pattern: { detail: { containers: { name: ['app'], exitCode: [137] } } },
      event: TASK_STOPPED,
      matched: false,
      fields: [field('detail.containers[0].name', true, '"app" equals "app"'), field('detail.containers[0].exitCode', false, '0 does not equal 137')],
    },
    {
      case: '$or: the alternative that matched',
      pattern: { detail: { $or: [{ stopCode: ['SpotInterruption'] }, { lastStatus: ['STOPPED'] }] } },
      event: TASK_STOPPED,
      matched: true,
      fields: [field('detail.$or', true, 'alternative 2 of 2 matched'), field('detail.lastStatus', true, '"STOPPED" equals "STOPPED"')],
    },
    {
      case: '$or: every alternative when none matched',
      pattern: { $or: [{ source: ['aws.ec2'] }, { detail: { stopCode: ['SpotInterruption', 'TerminationNotice'] } }] },
      event: TASK_STOPPED,
      matched: false,
      fields: [
        field('$or', false, 'none of the 2 alternatives matched'),
        field('source', false, '"aws.ecs" does not equal "aws.ec2"'),
        field('detail.stopCode', false, '"EssentialContainerExited" matches none of: "SpotInterruption", "TerminationNotice"'),
      ],
    },
    {
      case: 'a value pattern on an object',
      pattern: { detail: ['STOPPED'] },
      event: TASK_STOPPED,
      matched: false,
      fields: [field('detail', false, 'an object, not a value; expected "STOPPED"')],
    },
    {
      case: 'exists on an array of values and a present field that should be absent',
      pattern: { tags: [{ exists: true }], 'detail-type': [{ exists: false }] },
      event: { ...TASK_STOPPED, tags: ['a', 'b'] },
      matched: false,
      fields: [field('tags', true, '["a", "b"] exists'), field('detail-type', false, '"ECS Task State Change" is present; expected it to be absent (exists: false)')],
    },
    {
      case: 'a field name quoted in the path',
      pattern: { 'a.b': [{ 'equals-ignore-case': 'yes' }] },
      event: { 'a.b': 'YES' },
      matched: true,
      fields: [field('["a.b"]', true, '"YES" matches equals-ignore-case "yes"')],
    },
  ])('$case', ({ pattern, event, matched, fields }) => {
    const compiled = compilePattern(pattern);
    expect(compiled.explain(event)).toEqual({ matched, fields });
    expect(compiled.matches(event)).toBe(matched);
  });

  it('says when numeric strings were accepted', () => {
    const compiled = compilePattern({ exitCode: [{ numeric: ['>=', 128] }] }, { numericStrings: true });
    expect(compiled.explain({ exitCode: '137' })).toEqual({ matched: true, fields: [field('exitCode', true, '"137" matches numeric >= 128 (numbers or numeric strings)')] });
  });

  it('cuts long values', () => {
    const compiled = compilePattern({ message: ['short'] });
    const detail = compiled.explain({ message: 'x'.repeat(500) }).fields[0]?.detail ?? '';
    expect(detail).toBe(`"${'x'.repeat(77)}…" does not equal "short"`);
  });
});

describe('exactStrings', () => {
  it.each([
    {
      case: 'top-level fields of exact strings',
      pattern: { source: ['aws.ecs'], 'detail-type': ['ECS Task State Change', 'ECS Service Action'], detail: { lastStatus: ['STOPPED'] } },
      index: { source: ['aws.ecs'], 'detail-type': ['ECS Task State Change', 'ECS Service Action'] },
    },
    { case: 'a field with an operator is not indexed', pattern: { cluster: ['prod', { prefix: 'prod-' }], service: ['web'] }, index: { service: ['web'] } },
    { case: 'a field with a non-string value is not indexed', pattern: { severity: ['critical', null], code: [137], on: [true] }, index: {} },
    { case: 'fields under $or are not indexed', pattern: { $or: [{ cluster: ['prod'] }, { service: ['web'] }], account: ['111122223333'] }, index: { account: ['111122223333'] } },
    { case: 'exists is an operator', pattern: { cluster: [{ exists: true }] }, index: {} },
    { case: 'duplicates collapse', pattern: { cluster: ['prod', 'prod', ''] }, index: { cluster: ['prod', ''] } },
    { case: 'a __proto__ field is indexed like any other', pattern: JSON.parse('{"__proto__": ["x"]}') as unknown, index: JSON.parse('{"__proto__": ["x"]}') as Record<string, string[]> },
  ])('$case', ({ pattern, index }) => {
    const { exactStrings } = compilePattern(pattern);
    expect(Object.fromEntries([...exactStrings].map(([name, values]) => [name, [...values]]))).toEqual(index);
  });

  it('is consistent with matches: an event whose value is outside the set never matches', () => {
    const compiled = compilePattern({ cluster: ['prod', 'staging'], service: [{ prefix: 'web' }] });
    const allowed = compiled.exactStrings.get('cluster');
    for (const cluster of ['prod', 'staging', 'dev', '']) {
      expect(compiled.matches({ cluster, service: 'web-1' })).toBe(allowed?.has(cluster));
    }
  });
});
