import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** A path into the document: mapping keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/** `routes[2].match.cluster` from `['routes', 2, 'match', 'cluster']`. */
export const formatPath = (path: DocPath): string =>
  path.reduce<string>((out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out === '' ? segment : `${out}.${segment}`), '');

/** Line and column (1-based) in a parsed YAML document. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Finds where `path` is written: the value node when it exists, the key when `atKey` (for
 * unknown keys), else the nearest ancestor that exists (a missing key is reported on the
 * mapping that lacks it).
 */
export const locate = (doc: Document, lineCounter: LineCounter, path: DocPath, atKey = false): Position => {
  let node: unknown = doc.contents;
  let best: Node | null = isNode(node) ? node : null;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      if (last && atKey && isNode(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      break;
    }
    if (isNode(node)) best = node;
    else break;
  }
  const offset = best?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
};

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && 'range' in value;
