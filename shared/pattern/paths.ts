/** A field name that reads unambiguously after a dot: no dots, brackets, quotes or spaces. */
const PLAIN_NAME = /^[^.[\]"'\s]+$/;

/**
 * `path` extended by a field name: `detail` + `state` -> `detail.state`. A name that would be
 * ambiguous after a dot (`a.b`, `''`, `x y`) is quoted in brackets: `detail["a.b"]`.
 */
export const childPath = (path: string, name: string): string => {
  if (!PLAIN_NAME.test(name)) return `${path}[${JSON.stringify(name)}]`;
  return path === '' ? name : `${path}.${name}`;
};

/** `path` extended by an array position: `detail.state` + 0 -> `detail.state[0]`. */
export const indexPath = (path: string, index: number): string => `${path}[${index}]`;
