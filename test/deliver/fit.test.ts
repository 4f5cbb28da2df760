import { stringifyDocument, fitJson } from '../../shared/deliver/formats/fit';
import { utf8Length } from '../../shared/deliver';

type Doc = { id: string; note: string; items: { name: string; value: string }[]; truncated: boolean };
const doc = (note: string, items = 2, value = 'v'): Doc => ({
  id: 'x'.repeat(16),
  note,
  items: Array.from({ length: items }, (_, n) => ({ name: `item ${n}`, value })),
  truncated: false,
});
const mark = (d: Doc): Doc => ({ ...d, truncated: true });

describe('fitJson', () => {
  it.each([
    { case: 'a document that fits is left alone', input: doc('short'), maxBytes: 1_000, truncated: false, items: 2 },
    { case: 'one long string is cut, the rest kept', input: doc('n'.repeat(10_000), 3, 'value'), maxBytes: 2_000, truncated: true, items: 3 },
    { case: 'multi-byte text is measured in bytes', input: doc('é'.repeat(5_000)), maxBytes: 1_000, truncated: true, items: 2 },
    { case: 'control characters count as their escapes', input: doc('\u0001'.repeat(5_000)), maxBytes: 1_000, truncated: true, items: 2 },
    { case: 'items are dropped from the end when strings are not enough', input: doc('n', 1_000, 'w'.repeat(100)), maxBytes: 4_000, truncated: true, items: -1 },
  ])('$case', ({ input, maxBytes, truncated, items }) => {
    const result = fitJson(input, maxBytes, stringifyDocument, mark);
    expect(utf8Length(result.body)).toBeLessThanOrEqual(maxBytes);
    expect(JSON.parse(result.body)).toEqual(result.value);
    expect(result.truncated).toBe(truncated);
    expect(result.value.truncated).toBe(truncated);
    expect(result.value.id).toBe(input.id);
    if (items >= 0) expect(result.value.items).toHaveLength(items);
    else expect(result.value.items.map((i) => i.name)).toEqual(input.items.slice(0, result.value.items.length).map((i) => i.name));
  });

  it('does not change the value it was given', () => {
    const input = doc('n'.repeat(10_000));
    const copy = structuredClone(input);
    fitJson(input, 1_000, stringifyDocument, mark);
    expect(input).toEqual(copy);
  });

  it('writes line separators and bidi controls as escapes', () => {
    expect(stringifyDocument({ a: 'x\u2028y\u202Ez' })).toBe('{\n  "a": "x\\u2028y\\u202ez"\n}');
  });
});
