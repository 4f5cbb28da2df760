import type { DocPath } from './locate';

/**
 * A `match:` of plain value lists (`category: [oom, image-pull]`), as label -> allowed values;
 * undefined for anything richer (operators, `$or`), which is not compared.
 */
const plainMatch = (match: unknown): Map<string, Set<string>> | undefined => {
  if (match === undefined) return new Map();
  if (typeof match !== 'object' || match === null || Array.isArray(match)) return undefined;
  const out = new Map<string, Set<string>>();
  for (const [label, values] of Object.entries(match)) {
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
    out.set(label, new Set(values as string[]));
  }
  return out;
};

/** A route's `event:` as text to compare; undefined when it cannot be written (a recursive YAML alias, reported elsewhere). */
const eventKey = (event: unknown): string | undefined => {
  try {
    return JSON.stringify(event ?? null);
  } catch {
    return undefined;
  }
};

/** An earlier sibling route that stops the walk, with its plain label conditions. */
export interface Covering {
  name: string;
  path: DocPath;
  /** Its position among its siblings. */
  index: number;
  match: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Whether every alert `match` selects is also selected by `earlier`: each label `earlier` names
 * is named by `match` too, with values all among those `earlier` allows.
 */
const covers = (earlier: ReadonlyMap<string, ReadonlySet<string>>, match: ReadonlyMap<string, ReadonlySet<string>>): boolean => {
  for (const [label, allowed] of earlier) {
    const values = match.get(label);
    if (values === undefined) return false;
    for (const value of values) if (!allowed.has(value)) return false;
  }
  return true;
};

/**
 * The siblings of one level of the routing tree seen so far that stop the walk, indexed by
 * event condition, label and value: only those holding a value of a route's own are compared
 * with it, so thousands of siblings check in linear time, not quadratic.
 */
export class SiblingCoverage {
  private readonly index = new Map<string, Covering[]>();

  /**
   * The earliest sibling before `route` that matches every alert it matches (same `event:`,
   * plain label values), if any; then remembers `route` for the siblings after it.
   */
  public visit(route: { name: string; match?: unknown; event?: unknown; continue?: unknown }, path: DocPath, position: number): Covering | undefined {
    const plain = plainMatch(route.match);
    const event = eventKey(route.event);
    if (plain === undefined || event === undefined) return undefined;
    // A sibling covering this one names only labels this one names, each with at least its
    // values: it holds the first value of each of its labels.
    let earlier: Covering | undefined;
    for (const [label, values] of plain) {
      const [value] = values;
      for (const c of this.index.get(key(event, label, value ?? '')) ?? []) {
        if ((earlier === undefined || c.index < earlier.index) && covers(c.match, plain)) earlier = c;
      }
    }
    if (route.continue !== true && plain.size > 0) {
      const entry: Covering = { name: route.name, path, index: position, match: plain };
      for (const [label, values] of plain) {
        for (const value of values) {
          const found = this.index.get(key(event, label, value));
          if (found === undefined) this.index.set(key(event, label, value), [entry]);
          else found.push(entry);
        }
      }
    }
    return earlier;
  }
}

const key = (event: string, label: string, value: string): string => `${event}\u0000${label}\u0000${value}`;
