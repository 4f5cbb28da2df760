import { checkPattern, compilePattern, type PatternIssue, PatternError } from '../../shared/pattern';

/**
 * checkPattern: every problem EventBridge rejects a pattern for (InvalidEventPatternException),
 * with its exact path inside the pattern and message. Rejections follow the user guide and
 * EventBridge's engine (event-ruler's JsonRuleCompiler); AWS-recorded rejections are the
 * LocalStack `_EXC` cases cited in the report.
 */

const OPERATORS = '"prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists", "cidr"';
const ANYTHING_BUT_FORMS = '"prefix", "suffix", "equals-ignore-case", "wildcard"';
const NOT_A_FIELD = 'must be an array of values and operator objects, or an object of fields; got';
const NOT_A_VALUE = 'must be a string, number, boolean, null or an operator object such as {"prefix": "..."}, got';
const AFFIX = 'needs a string or {"equals-ignore-case": "..."}, got';
const RANGE_ORDER = 'a numeric range is [">" or ">=", low, "<" or "<=", high], lower bound first; got';
const ANYTHING_BUT_OPERAND = `anything-but needs a string, a number, a list of strings or of numbers, or an object with one of ${ANYTHING_BUT_FORMS}; got`;
const FULL_PREFIX = 'EventBridge rejects a full-length prefix, match one address with an exact string';

const issue = (path: string, message: string): PatternIssue => ({ path, message });

const TABLE: { case: string; pattern: unknown; issues: PatternIssue[] }[] = [
  // The pattern and its structure.
  { case: 'a pattern that is an array', pattern: [1], issues: [issue('', 'an event pattern must be a JSON object, got an array')] },
  { case: 'a pattern that is null', pattern: null, issues: [issue('', 'an event pattern must be a JSON object, got null')] },
  { case: 'a pattern that is a string', pattern: 'x', issues: [issue('', 'an event pattern must be a JSON object, got "x"')] },
  { case: 'an empty pattern', pattern: {}, issues: [issue('', 'must not be an empty object; give at least one field')] },
  { case: 'a field that is a string, not an array', pattern: { source: 'aws.ecs' }, issues: [issue('source', `${NOT_A_FIELD} "aws.ecs"`)] },
  { case: 'a field that is a number', pattern: { int: 42 }, issues: [issue('int', `${NOT_A_FIELD} 42`)] },
  { case: 'a field that is null', pattern: { n: null }, issues: [issue('n', `${NOT_A_FIELD} null`)] },
  { case: 'an empty array', pattern: { resources: [] }, issues: [issue('resources', 'must not be an empty array; give at least one value or operator object')] },
  { case: 'an empty nested object', pattern: { detail: {} }, issues: [issue('detail', 'must not be an empty object; give at least one field')] },
  { case: 'an array in a field\'s array', pattern: { a: ['x', ['y']] }, issues: [issue('a[1]', `${NOT_A_VALUE} an array`)] },
  { case: 'NaN as a value', pattern: { a: [Number.NaN] }, issues: [issue('a[0]', 'must be a finite number, got NaN')] },
  { case: 'undefined as a value', pattern: { a: [undefined] }, issues: [issue('a[0]', `${NOT_A_VALUE} undefined`)] },
  { case: 'a field name that needs quoting in the path', pattern: { detail: { 'a.b': [{ prefix: 1 }] } }, issues: [issue('detail["a.b"][0].prefix', `prefix ${AFFIX} 1`)] },

  // Operator objects.
  { case: 'a misspelt operator', pattern: { detail: { state: [{ prefx: 'a' }] } }, issues: [issue('detail.state[0].prefx', `unknown operator "prefx" (did you mean "prefix"?); operators are ${OPERATORS}`)] },
  { case: 'an operator in upper case', pattern: { detail: { equal: [{ NUMERIC: ['=', 5] }] } }, issues: [issue('detail.equal[0].NUMERIC', `unknown operator "NUMERIC" (operator names are case-sensitive: write "numeric"); operators are ${OPERATORS}`)] },
  { case: 'EXISTS in upper case', pattern: { my_key: [{ EXISTS: true }] }, issues: [issue('my_key[0].EXISTS', `unknown operator "EXISTS" (operator names are case-sensitive: write "exists"); operators are ${OPERATORS}`)] },
  { case: 'an operator EventBridge does not have', pattern: { type: [{ contains: 'Normal' }] }, issues: [issue('type[0].contains', `unknown operator "contains"; operators are ${OPERATORS}`)] },
  { case: 'an empty operator object', pattern: { a: [{}] }, issues: [issue('a[0]', `an operator object needs an operator, got {}; operators are ${OPERATORS}`)] },
  { case: 'two operators in one object', pattern: { a: [{ prefix: 'a', suffix: 'b' }] }, issues: [issue('a[0]', 'an operator object takes exactly one operator, got 2: "prefix", "suffix"; give each its own object in the array to OR them')] },

  // prefix, suffix, equals-ignore-case, wildcard.
  { case: 'prefix with a number', pattern: { time: [{ prefix: 123 }] }, issues: [issue('time[0].prefix', `prefix ${AFFIX} 123`)] },
  { case: 'prefix with a list', pattern: { time: [{ prefix: ['2022-07-13'] }] }, issues: [issue('time[0].prefix', `prefix ${AFFIX} an array`)] },
  { case: 'prefix with an unknown object', pattern: { a: [{ prefix: { 'ignore-case': 'x' } }] }, issues: [issue('a[0].prefix', `prefix ${AFFIX} an object with "ignore-case"`)] },
  { case: 'prefix with an empty object', pattern: { a: [{ prefix: {} }] }, issues: [issue('a[0].prefix', `prefix ${AFFIX} an object with no keys`)] },
  { case: 'prefix equals-ignore-case with a number', pattern: { a: [{ prefix: { 'equals-ignore-case': 5 } }] }, issues: [issue('a[0].prefix.equals-ignore-case', 'equals-ignore-case needs a string, got 5')] },
  { case: 'suffix with a list', pattern: { FileName: [{ suffix: ['.png'] }] }, issues: [issue('FileName[0].suffix', `suffix ${AFFIX} an array`)] },
  { case: 'equals-ignore-case with a list', pattern: { 'detail-type': [{ 'equals-ignore-case': ['ec2 instance state-change notification'] }] }, issues: [issue('detail-type[0].equals-ignore-case', 'equals-ignore-case needs a string, got an array')] },
  { case: 'equals-ignore-case with a prefix object', pattern: { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] }, issues: [issue('detail-type[0].equals-ignore-case', 'equals-ignore-case needs a string, got an object')] },
  { case: 'wildcard with a number', pattern: { EventBusArn: [{ wildcard: 123 }] }, issues: [issue('EventBusArn[0].wildcard', 'wildcard needs a string, got 123')] },
  { case: 'wildcard with a list', pattern: { a: [{ wildcard: ['a*'] }] }, issues: [issue('a[0].wildcard', 'wildcard needs a string, got an array')] },
  {
    case: 'wildcard with consecutive stars',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] },
    issues: [issue('EventBusArn[0].wildcard', 'consecutive wildcard characters "**" at index 25; EventBridge rejects them, one * already matches any run of characters')],
  },
  { case: 'wildcard escaping a letter', pattern: { a: [{ wildcard: 'a\\b' }] }, issues: [issue('a[0].wildcard', 'invalid escape at index 1: a backslash may only precede * or \\ (write \\\\ for a literal backslash)')] },
  { case: 'wildcard ending in a backslash', pattern: { a: [{ wildcard: 'ab\\' }] }, issues: [issue('a[0].wildcard', 'invalid escape at index 2: a backslash may only precede * or \\ (write \\\\ for a literal backslash)')] },

  // exists.
  { case: 'exists with the string "true"', pattern: { a: [{ exists: 'true' }] }, issues: [issue('a[0].exists', 'exists needs true or false, got "true"')] },
  { case: 'exists with null', pattern: { a: [{ exists: null }] }, issues: [issue('a[0].exists', 'exists needs true or false, got null')] },

  // numeric.
  { case: 'numeric with a number', pattern: { detail: { 'c-count': [{ numeric: 10 }] } }, issues: [issue('detail.c-count[0].numeric', 'numeric needs an array of comparisons such as [">", 0, "<=", 5], got 10')] },
  { case: 'numeric with no comparison', pattern: { a: [{ numeric: [] }] }, issues: [issue('a[0].numeric', 'numeric needs at least one comparison, e.g. [">", 0]')] },
  { case: 'numeric with two lower bounds', pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] } }, issues: [issue('detail.c-count[0].numeric', `${RANGE_ORDER} ">" then ">"`)] },
  { case: 'numeric with a comparison but no number', pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<'] }] } }, issues: [issue('detail.c-count[0].numeric', 'numeric needs comparison/number pairs; the last comparison "<" has no number')] },
  { case: 'numeric with three comparisons', pattern: { a: [{ numeric: ['>', 0, '<', 5, '=', 3] }] }, issues: [issue('a[0].numeric', 'numeric takes one comparison or a range of two, got 3 comparisons')] },
  { case: 'numeric range with the upper bound first', pattern: { a: [{ numeric: ['<', 10, '>', 0] }] }, issues: [issue('a[0].numeric', `${RANGE_ORDER} "<" then ">"`)] },
  { case: 'numeric = combined with a bound', pattern: { a: [{ numeric: ['=', 10, '<', 20] }] }, issues: [issue('a[0].numeric', `${RANGE_ORDER} "=" then "<"`)] },
  { case: 'numeric with an unknown comparison', pattern: { a: [{ numeric: ['=>', 10] }] }, issues: [issue('a[0].numeric[0]', 'unknown numeric comparison "=>"; use one of "=", "<", "<=", ">", ">="')] },
  { case: 'numeric with a string for a number', pattern: { a: [{ numeric: ['>', '10'] }] }, issues: [issue('a[0].numeric[1]', 'must be a number, got "10"')] },
  { case: 'numeric empty range', pattern: { a: [{ numeric: ['>', 10, '<', 5] }] }, issues: [issue('a[0].numeric', 'empty range: the lower bound 10 must be below the upper bound 5')] },
  { case: 'numeric range with equal bounds', pattern: { a: [{ numeric: ['>=', 5, '<=', 5] }] }, issues: [issue('a[0].numeric', 'the range bounds are equal (5); EventBridge rejects that, write ["=", 5]')] },

  // anything-but.
  { case: 'anything-but null', pattern: { detail: { state: [{ 'anything-but': null }] } }, issues: [issue('detail.state[0].anything-but', `${ANYTHING_BUT_OPERAND} null`)] },
  { case: 'anything-but a boolean', pattern: { a: [{ 'anything-but': true }] }, issues: [issue('a[0].anything-but', `${ANYTHING_BUT_OPERAND} true`)] },
  { case: 'anything-but a list holding null', pattern: { detail: { state: [{ 'anything-but': ['stopped', null] }] } }, issues: [issue('detail.state[0].anything-but[1]', 'anything-but list values must be strings or numbers, got null')] },
  { case: 'anything-but a mixed list', pattern: { a: [{ 'anything-but': ['a', 1] }] }, issues: [issue('a[0].anything-but', 'anything-but list mixes strings and numbers; EventBridge needs all strings or all numbers')] },
  { case: 'anything-but an empty list', pattern: { a: [{ 'anything-but': [] }] }, issues: [issue('a[0].anything-but', 'anything-but needs at least one value in its list')] },
  { case: 'anything-but an empty prefix', pattern: { detail: { FileName: [{ 'anything-but': { prefix: '' } }] } }, issues: [issue('detail.FileName[0].anything-but.prefix', 'anything-but prefix must not be empty')] },
  { case: 'anything-but an empty suffix', pattern: { detail: { FileName: [{ 'anything-but': { suffix: '' } }] } }, issues: [issue('detail.FileName[0].anything-but.suffix', 'anything-but suffix must not be empty')] },
  { case: 'anything-but prefix a number', pattern: { detail: { state: [{ 'anything-but': { prefix: 123 } }] } }, issues: [issue('detail.state[0].anything-but.prefix', 'anything-but prefix needs a string or a list of strings, got 123')] },
  { case: 'anything-but prefix a list with a number', pattern: { detail: { state: [{ 'anything-but': { prefix: [123, 'test'] } }] } }, issues: [issue('detail.state[0].anything-but.prefix[0]', 'each anything-but prefix value needs a string, got 123')] },
  { case: 'anything-but prefix an empty list', pattern: { a: [{ 'anything-but': { prefix: [] } }] }, issues: [issue('a[0].anything-but.prefix', 'anything-but prefix needs at least one string in its list')] },
  { case: 'anything-but prefix ignoring case', pattern: { detail: { FileName: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] } }, issues: [issue('detail.FileName[0].anything-but.prefix', 'anything-but prefix needs a string or a list of strings, got an object')] },
  { case: 'anything-but equals-ignore-case a number', pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 123 } }] } }, issues: [issue('detail.state[0].anything-but.equals-ignore-case', 'anything-but equals-ignore-case needs a string or a list of strings, got 123')] },
  {
    case: 'anything-but equals-ignore-case a list of numbers',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] } },
    issues: [
      issue('detail.state[0].anything-but.equals-ignore-case[0]', 'each anything-but equals-ignore-case value needs a string, got 123'),
      issue('detail.state[0].anything-but.equals-ignore-case[1]', 'each anything-but equals-ignore-case value needs a string, got 456'),
    ],
  },
  { case: 'anything-but wildcard with consecutive stars', pattern: { a: [{ 'anything-but': { wildcard: ['ok*', 'a**'] } }] }, issues: [issue('a[0].anything-but.wildcard[1]', 'consecutive wildcard characters "**" at index 1; EventBridge rejects them, one * already matches any run of characters')] },
  { case: 'anything-but numeric', pattern: { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, issues: [issue('a[0].anything-but.numeric', `anything-but does not take "numeric"; use one of ${ANYTHING_BUT_FORMS}`)] },
  { case: 'anything-but with two forms', pattern: { a: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, issues: [issue('a[0].anything-but', `anything-but takes exactly one of ${ANYTHING_BUT_FORMS} in an object, got "prefix", "suffix"`)] },
  { case: 'anything-but an empty object', pattern: { a: [{ 'anything-but': {} }] }, issues: [issue('a[0].anything-but', `anything-but takes exactly one of ${ANYTHING_BUT_FORMS} in an object, got none`)] },

  // cidr.
  { case: 'cidr with a list', pattern: { detail: { sourceIPAddress: [{ cidr: ['bad-type'] }] } }, issues: [issue('detail.sourceIPAddress[0].cidr', 'cidr needs a string such as "10.0.0.0/24", got an array')] },
  { case: 'cidr without a slash', pattern: { a: [{ cidr: 'bad-filter' }] }, issues: [issue('a[0].cidr', 'cidr needs exactly one "/" between the address and the prefix length, e.g. "10.0.0.0/24", got "bad-filter"')] },
  { case: 'cidr with two slashes', pattern: { a: [{ cidr: '10.0.0.0/8/8' }] }, issues: [issue('a[0].cidr', 'cidr needs exactly one "/" between the address and the prefix length, e.g. "10.0.0.0/24", got "10.0.0.0/8/8"')] },
  { case: 'cidr with a bad IPv4 address', pattern: { a: [{ cidr: 'xx.11.xx/8' }] }, issues: [issue('a[0].cidr', '"xx.11.xx" is not an IPv4 or IPv6 address')] },
  { case: 'cidr with a bad IPv6 address', pattern: { a: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] }, issues: [issue('a[0].cidr', '"xxxx:db8:1234:1a00::" is not an IPv4 or IPv6 address')] },
  { case: 'cidr with a bad prefix length', pattern: { a: [{ cidr: 'bad-/64filter' }] }, issues: [issue('a[0].cidr', 'the prefix length after "/" must be a whole number, got "64filter"')] },
  { case: 'cidr /32', pattern: { a: [{ cidr: '10.0.0.1/32' }] }, issues: [issue('a[0].cidr', `the IPv4 prefix length must be 0 to 31, got 32; ${FULL_PREFIX}`)] },
  { case: 'cidr /128', pattern: { a: [{ cidr: '::1/128' }] }, issues: [issue('a[0].cidr', `the IPv6 prefix length must be 0 to 127, got 128; ${FULL_PREFIX}`)] },

  // $or.
  { case: '$or with an object', pattern: { $or: { a: ['x'] } }, issues: [issue('$or', '$or needs an array of at least 2 pattern objects, got an object')] },
  { case: '$or with one alternative', pattern: { detail: { $or: [{ a: ['x'] }] } }, issues: [issue('detail.$or', '$or needs at least 2 alternatives, got 1')] },
  { case: '$or with none', pattern: { $or: [] }, issues: [issue('$or', '$or needs at least 2 alternatives, got 0')] },
  { case: '$or with a string alternative', pattern: { $or: [{ a: ['x'] }, 'b'] }, issues: [issue('$or[1]', 'an $or alternative must be a pattern object, got "b"')] },
  { case: '$or with an empty alternative', pattern: { $or: [{ a: ['x'] }, {}] }, issues: [issue('$or[1]', 'must not be an empty object; give at least one field')] },
  {
    case: '$or with operator names as field names',
    pattern: { $or: [{ numeric: [1] }, { prefix: ['x'] }] },
    issues: [
      issue('$or[0].numeric', '"numeric" is an operator name, which EventBridge does not accept as a field name inside $or'),
      issue('$or[1].prefix', '"prefix" is an operator name, which EventBridge does not accept as a field name inside $or'),
    ],
  },
  { case: '$or with an operator name deeper down', pattern: { $or: [{ a: { exists: ['x'] } }, { b: ['y'] }] }, issues: [issue('$or[0].a.exists', '"exists" is an operator name, which EventBridge does not accept as a field name inside $or')] },
  {
    case: '$or making over 1000 combinations (11 x 10 x 10)',
    pattern: {
      $or: Array.from({ length: 11 }, (_, i) => ({ [`a${i}`]: ['x'] })),
      d: { $or: Array.from({ length: 10 }, (_, i) => ({ [`b${i}`]: ['x'] })) },
      e: { $or: Array.from({ length: 10 }, (_, i) => ({ [`c${i}`]: ['x'] })) },
    },
    issues: [issue('', '$or makes 1100 rule combinations; EventBridge allows at most 1000')],
  },

  // Everything at once.
  {
    case: 'several problems, all reported in pattern order',
    pattern: { source: 'aws.ecs', detail: { lastStatus: [], exitCode: [{ numeric: ['>', 'x'] }], containers: { name: [{ prefx: 'app' }] } } },
    issues: [
      issue('source', `${NOT_A_FIELD} "aws.ecs"`),
      issue('detail.lastStatus', 'must not be an empty array; give at least one value or operator object'),
      issue('detail.exitCode[0].numeric[1]', 'must be a number, got "x"'),
      issue('detail.containers.name[0].prefx', `unknown operator "prefx" (did you mean "prefix"?); operators are ${OPERATORS}`),
    ],
  },
];

describe('checkPattern', () => {
  it.each(TABLE)('$case', ({ pattern, issues }) => {
    expect(checkPattern(pattern)).toEqual(issues);
  });

  it.each(TABLE)('compilePattern throws a PatternError with the same issues: $case', ({ pattern, issues }) => {
    let thrown: unknown;
    try {
      compilePattern(pattern);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PatternError);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as PatternError).name).toBe('PatternError');
    expect((thrown as PatternError).issues).toEqual(issues);
  });

  it.each([
    { case: 'exactly 1000 combinations (10 x 10 x 10)', size: 10, valid: true },
    { case: '1331 combinations (11 x 11 x 11)', size: 11, valid: false },
  ])('counts $or combinations as the product of each $or: $case', ({ size, valid }) => {
    const or = (prefix: string) => Array.from({ length: size }, (_, i) => ({ [`${prefix}${i}`]: ['x'] }));
    const issues = checkPattern({ $or: or('a'), d: { $or: or('b') }, e: { $or: or('c') } });
    expect(issues.length === 0).toBe(valid);
  });

  it('sums nested $or alternatives before multiplying', () => {
    // (2 + 2) x 2 = 8, well within the limit: nested $or adds, it does not multiply.
    const pattern = { $or: [{ a: ['1'], $or: [{ b: ['1'] }, { c: ['1'] }] }, { d: ['1'], $or: [{ e: ['1'] }, { f: ['1'] }] }], g: { $or: [{ h: ['1'] }, { i: ['1'] }] } };
    expect(checkPattern(pattern)).toEqual([]);
  });

  it('reports a cycle instead of recursing forever', () => {
    const pattern: Record<string, unknown> = { a: ['x'] };
    pattern.self = pattern;
    expect(checkPattern(pattern)).toEqual([issue('self', 'refers to an object that contains it (a cycle); a pattern must be plain JSON')]);
  });

  it('reports nesting deeper than the limit', () => {
    let pattern: Record<string, unknown> = { leaf: ['x'] };
    for (let i = 0; i < 70; i++) pattern = { n: pattern };
    const issues = checkPattern(pattern);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe('nests deeper than 64 levels');
    expect(issues[0]?.path).toBe(Array.from({ length: 65 }, () => 'n').join('.'));
  });

  it('stops at a budget on huge programmatic patterns (shared subtrees)', () => {
    let shared: Record<string, unknown> = { leaf: ['x'] };
    for (let i = 0; i < 30; i++) shared = { a: shared, b: shared };
    const issues = checkPattern(shared);
    expect(issues).toEqual([issue('', 'the pattern holds more than 10000 values; checking stopped there')]);
  });

  it('reports a getter that throws rather than throwing', () => {
    const pattern = Object.defineProperty({}, 'a', { enumerable: true, get: () => { throw new Error('nope'); } });
    expect(checkPattern(pattern)).toEqual([issue('', 'the pattern could not be read: nope')]);
  });

  it('renders the error message one issue per line, (root) for the pattern itself', () => {
    const error = new PatternError([issue('', 'an event pattern must be a JSON object, got null'), issue('a[0].exists', 'exists needs true or false, got "true"')]);
    expect(error.message).toBe('invalid event pattern (2 problems):\n(root): an event pattern must be a JSON object, got null\na[0].exists: exists needs true or false, got "true"');
    expect(new PatternError([issue('x', 'y')], { cause: 'because' }).cause).toBe('because');
  });
});
