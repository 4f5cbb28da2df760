/**
 * A tiny JSON Schema (draft 2020-12) checker for the keywords docs/alert.schema.json uses,
 * so tests can validate rendered documents without a validator dependency. A keyword it does
 * not know is an error, never silently ignored: a schema change that needs more support
 * fails here first.
 */
export type JsonSchema = { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description']);
const KEYWORDS = new Set(['type', 'const', 'enum', 'required', 'properties', 'additionalProperties', 'propertyNames', 'items', 'minLength', 'pattern', 'minimum', '$ref']);

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeOf(value) === 'object';

/** Every way `value` breaks `schema`, as `path: problem` lines; empty when it conforms. */
export const checkSchema = (schema: JsonSchema, value: unknown, root: JsonSchema = schema, path = '$'): string[] => {
  const errors: string[] = [];
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !KEYWORDS.has(keyword)) throw new Error(`${path}: unsupported schema keyword "${keyword}"`);
  }
  if (typeof schema.$ref === 'string') {
    const match = /^#\/\$defs\/(\w+)$/.exec(schema.$ref);
    const target = match === null ? undefined : (root.$defs as Record<string, JsonSchema> | undefined)?.[match[1] ?? ''];
    if (target === undefined) throw new Error(`${path}: unresolvable $ref ${schema.$ref}`);
    errors.push(...checkSchema(target, value, root, path));
  }
  if (typeof schema.type === 'string') {
    const actual = typeOf(value);
    if (actual !== schema.type && !(schema.type === 'number' && actual === 'integer')) return [...errors, `${path}: expected ${schema.type}, got ${actual}`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of the allowed values`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: less than ${schema.minimum}`);
  if (Array.isArray(value) && isObject(schema.items)) {
    value.forEach((item, n) => errors.push(...checkSchema(schema.items as JsonSchema, item, root, `${path}[${n}]`)));
  }
  if (isObject(value)) {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${path}: missing required "${key}"`);
    for (const [key, item] of Object.entries(value)) {
      const where = `${path}.${key}`;
      if (isObject(schema.propertyNames)) errors.push(...checkSchema(schema.propertyNames, key, root, `${where} (name)`));
      const property = properties[key];
      if (property !== undefined) errors.push(...checkSchema(property, item, root, where));
      else if (schema.additionalProperties === false) errors.push(`${where}: not allowed`);
      else if (isObject(schema.additionalProperties)) errors.push(...checkSchema(schema.additionalProperties, item, root, where));
    }
  }
  return errors;
};
