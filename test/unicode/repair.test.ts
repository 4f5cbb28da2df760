import { repairStrings, repairText } from '../../shared/unicode';
import { illFormedPaths, LONE_HIGH, LONE_LOW, oomAlertWith } from '../support/ill-formed-text';

describe('repairText', () => {
  it.each([
    { case: 'an emoji cut after its first half', text: `exited ${LONE_HIGH}`, repaired: 'exited \ufffd' },
    { case: 'an emoji cut before its second half', text: `${LONE_LOW} exited`, repaired: '\ufffd exited' },
    { case: 'a lone high surrogate mid-text', text: `a${LONE_HIGH}b`, repaired: 'a\ufffdb' },
    { case: 'two halves in the wrong order', text: `${LONE_LOW}${LONE_HIGH}`, repaired: '\ufffd\ufffd' },
    { case: 'two high surrogates, then a pair', text: '\ud83d\ud83d\udca5', repaired: '\ufffd💥' },
    { case: 'a whole emoji', text: 'exited 💥', repaired: 'exited 💥' },
    { case: 'a family emoji (pairs and joiners)', text: '👩‍👩‍👧', repaired: '👩‍👩‍👧' },
    { case: 'U+FFFD itself', text: '\ufffd', repaired: '\ufffd' },
    { case: 'noncharacters, which UTF-8 can encode', text: '\ufffe\uffff', repaired: '\ufffe\uffff' },
    { case: 'ASCII', text: 'OutOfMemoryError: Container killed', repaired: 'OutOfMemoryError: Container killed' },
    { case: 'empty', text: '', repaired: '' },
  ])('$case', ({ text, repaired }) => {
    const result = repairText(text);
    expect(result).toBe(repaired);
    // Same length in UTF-16 and the same size in UTF-8: limits measured before still hold.
    expect(result).toHaveLength(text.length);
    expect(Buffer.byteLength(result)).toBe(Buffer.byteLength(text));
    // What the SNS query serializer calls, and a lossless UTF-8 round trip.
    expect(() => encodeURIComponent(result)).not.toThrow();
    expect(Buffer.from(result, 'utf8').toString('utf8')).toBe(result);
  });
});

describe('repairStrings', () => {
  const ILL_FORMED = oomAlertWith({ stoppedReason: `Essential container in task exited ${LONE_HIGH}`, container: `payments-${LONE_LOW}api`, service: `payments-api${LONE_HIGH}`, cluster: `prod${LONE_LOW}` });

  it('repairs every string of an alert, keys included, and leaves the rest as it was', () => {
    expect(illFormedPaths(ILL_FORMED).length).toBeGreaterThan(0);
    const repaired = repairStrings(ILL_FORMED);
    expect(illFormedPaths(repaired)).toEqual([]);
    expect(repaired.labels).toMatchObject({ service: 'payments-api\ufffd', cluster: 'prod\ufffd', container: 'payments-\ufffdapi' });
    expect(repaired.evidence).toContainEqual({ name: 'stoppedReason', value: 'Essential container in task exited \ufffd' });
    expect(repaired.summary).toBe('prod\ufffd/payments-api\ufffd: container payments-\ufffdapi killed: out of memory (exit 137)');
    // The input is not changed.
    expect(ILL_FORMED.labels.service).toBe(`payments-api${LONE_HIGH}`);
    // Nothing but the repaired characters differs.
    expect(JSON.stringify(repaired)).toBe(JSON.stringify(ILL_FORMED).replace(/\\ud[89a-f][0-9a-f]{2}/g, '\ufffd'));
  });

  it.each([
    { case: 'a key', value: { [`tag${LONE_HIGH}`]: 'v' }, repaired: { 'tag\ufffd': 'v' } },
    { case: 'a string in an array in an object', value: { a: [1, `x${LONE_LOW}`, null] }, repaired: { a: [1, 'x\ufffd', null] } },
    { case: 'a bare string', value: LONE_HIGH, repaired: '\ufffd' },
  ])('repairs $case', ({ value, repaired }) => {
    expect(repairStrings(value)).toEqual(repaired);
  });

  it('returns well-formed values themselves, not copies', () => {
    const alert = oomAlertWith({});
    expect(repairStrings(alert)).toBe(alert);
    const nested = { a: [{ b: 'c' }] };
    expect(repairStrings(nested)).toBe(nested);
  });

  it('copies only what changed and leaves objects that are not plain data alone', () => {
    const when = new Date(0);
    const untouched = { b: 'c' };
    const value = { when, untouched, bad: LONE_HIGH };
    const repaired = repairStrings(value);
    expect(repaired).not.toBe(value);
    expect(repaired.when).toBe(when);
    expect(repaired.untouched).toBe(untouched);
  });
});
